// The audit trail: a committed write made with a key has its row from its
// own transaction, a refused write has a row with the refusal, reads have
// none, and nobody can change or remove a row.
#include <gtest/gtest.h>

#include "pos/v1/identity.grpc.pb.h"
#include "tests/support/server_fixture.h"

namespace tillstream {
namespace {

using pos::v1::AdminService;
using testing::PgEnvironment;

class AuditTest : public testing::ServerTest {
 protected:
  // Rows of the org for `rpc` with `outcome`.
  std::string Rows(const std::string& rpc, const std::string& outcome) {
    return PgEnvironment::Query(
        "SELECT count(*) FROM audit_log WHERE org_id || ' ' || rpc || ' ' || outcome = "
        "$1",
        org_ + " " + rpc + " " + outcome);
  }
  std::string Column(const std::string& column, const std::string& rpc) {
    return PgEnvironment::Query("SELECT " + column +
                                    " FROM audit_log WHERE org_id || ' ' || rpc = $1"
                                    " ORDER BY audit_id DESC LIMIT 1",
                                org_ + " " + rpc);
  }
};

TEST_F(AuditTest, AWriteIsRecordedWithWhoWhatAndADigest) {
  const std::string op = testing::MakeKey(Role::kOperator, org_, "Jane (operator)");
  const std::string key_id = op.substr(4, 16);
  pos::v1::EnrolCustomerRequest enrol;
  enrol.set_org_id(org_);
  enrol.mutable_customer()->set_customer_id(NewUuid());
  enrol.mutable_customer()->set_name("Ada");
  enrol.mutable_customer()->set_mobile("+4915112345678");
  pos::v1::CustomerProfile profile;
  ASSERT_TRUE(AdminCall(&AdminService::Stub::EnrolCustomer, enrol, op, &profile).ok());

  EXPECT_EQ(Rows("AdminService/EnrolCustomer", "OK"), "1");
  EXPECT_EQ(Column("principal", "AdminService/EnrolCustomer"), key_id);
  EXPECT_EQ(Column("principal_name", "AdminService/EnrolCustomer"), "Jane (operator)");
  EXPECT_EQ(Column("role", "AdminService/EnrolCustomer"), "operator");
  EXPECT_EQ(Column("target", "AdminService/EnrolCustomer"),
            "customer.customer_id=" + enrol.customer().customer_id());
  EXPECT_EQ(Column("length(request_sha256)", "AdminService/EnrolCustomer"), "64");
  EXPECT_NE(Column("txid", "AdminService/EnrolCustomer"), "");

  // A read leaves nothing.
  pos::v1::GetCustomerRequest get;
  get.set_org_id(org_);
  get.mutable_by()->set_mobile("+4915112345678");
  ASSERT_TRUE(AdminCall(&AdminService::Stub::GetCustomer, get, op, &profile).ok());
  EXPECT_EQ(
      PgEnvironment::Query("SELECT count(*) FROM audit_log WHERE org_id || rpc = $1",
                           org_ + "AdminService/GetCustomer"),
      "0");
}

TEST_F(AuditTest, RefusedWritesAreRecordedWithTheirRefusalAndWriteNothing) {
  const std::string op = testing::MakeKey(Role::kOperator, org_);
  // Not allowed: an operator creates no tills.
  pos::v1::CreateTillRequest till;
  till.set_org_id(org_);
  till.set_store_id("s1");
  till.set_till_id("t9");
  EXPECT_EQ(AdminCall(&AdminService::Stub::CreateTill, till, op).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Rows("AdminService/CreateTill", "PERMISSION_DENIED"), "1");
  EXPECT_NE(Column("message", "AdminService/CreateTill").find("manage_stores"),
            std::string::npos);
  // Allowed, but refused by the rule inside: a stale version of the rules.
  pos::v1::SetBillingConfigRequest set;
  set.set_org_id(org_);
  set.set_expected_version(41);
  set.set_reason("test");
  const std::string admin = testing::MakeKey(Role::kOrgAdmin, org_);
  const grpc::Status stale = AdminCall(&AdminService::Stub::SetBillingConfig, set, admin);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(Rows("AdminService/SetBillingConfig", "OK"), "0");
  EXPECT_EQ(
      PgEnvironment::Query(
          "SELECT count(*) FROM audit_log WHERE org_id || rpc = $1 AND txid IS NULL",
          org_ + "AdminService/SetBillingConfig"),
      "1");
  EXPECT_EQ(PgEnvironment::Query(
                "SELECT count(*) FROM tills WHERE org_id = $1 AND till_id = 't9'", org_),
            "0");
}

TEST_F(AuditTest, TheTrailCannotBeChangedAndEveryTableIsAudited) {
  pos::v1::CreateStoreRequest store;
  store.set_org_id(org_);
  store.set_store_id("s2");
  store.set_name("Second");
  // (The fixture's own store s1 is the first row.)
  ASSERT_TRUE(AdminCall(&AdminService::Stub::CreateStore, store).ok());
  ASSERT_EQ(Rows("AdminService/CreateStore", "OK"), "2");
  EXPECT_THROW(
      PgEnvironment::Query("UPDATE audit_log SET outcome = 'x' WHERE org_id = $1", org_),
      std::exception);
  EXPECT_THROW(PgEnvironment::Query("DELETE FROM audit_log WHERE org_id = $1", org_),
               std::exception);
  EXPECT_EQ(Rows("AdminService/CreateStore", "OK"), "2");
  EXPECT_EQ(
      PgEnvironment::Query(
          "SELECT string_agg(tablename, ',') FROM pg_tables t WHERE schemaname = "
          "current_schema() AND tablename NOT IN ('audit_log', 'schema_migrations', $1)"
          " AND NOT EXISTS (SELECT 1 FROM pg_trigger g JOIN pg_class c ON c.oid = "
          "g.tgrelid WHERE c.relname = t.tablename AND g.tgname = 'audit_write')",
          "-"),
      "")
      << "tables without the audit_write trigger";
}

TEST_F(AuditTest, AnAuditorReadsTheTrailAWebPartnerDoesNot) {
  pos::v1::CreateStoreRequest store;
  store.set_org_id(org_);
  store.set_store_id("s3");
  store.set_name("Third");
  ASSERT_TRUE(AdminCall(&AdminService::Stub::CreateStore, store).ok());
  auto stub = pos::v1::IdentityService::NewStub(MakeChannel(target_));
  const auto list = [&](const std::string& key, pos::v1::AuditTrail* trail) {
    grpc::ClientContext ctx;
    SetDeadline(&ctx, std::chrono::seconds(10));
    ctx.AddMetadata("authorization", "Bearer " + key);
    pos::v1::ListAuditRequest req;
    req.set_org_id(org_);
    return stub->ListAudit(&ctx, req, trail);
  };
  pos::v1::AuditTrail trail;
  const grpc::Status listed = list(testing::MakeKey(Role::kAuditor, org_), &trail);
  ASSERT_TRUE(listed.ok()) << listed.error_message();
  bool found = false;
  for (const auto& row : trail.rows()) {
    found |= row.rpc() == "AdminService/CreateStore" && row.target() == "store_id=s3" &&
             row.outcome() == "OK" && row.role() == "platform_admin";
  }
  EXPECT_TRUE(found) << trail.DebugString();
  EXPECT_EQ(list(testing::MakeKey(Role::kWebPartner, org_), &trail).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace tillstream
