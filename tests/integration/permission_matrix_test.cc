// Every role against every back-office RPC, over TLS through posd: a role
// that grants the RPC's permission gets past authorization (whatever the
// empty request then earns), every other role gets PERMISSION_DENIED naming
// the permission, and no key at all is UNAUTHENTICATED.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>

#include <future>

#include "pos/v1/catalog_sync.grpc.pb.h"
#include "pos/v1/identity.grpc.pb.h"
#include "pos/v1/invoices.grpc.pb.h"
#include "pos/v1/journal.grpc.pb.h"
#include "pos/v1/locations.grpc.pb.h"
#include "pos/v1/purchases.grpc.pb.h"
#include "server/rpc/rpc_permissions.h"
#include "tests/support/server_fixture.h"

namespace tillstream {
namespace {

using google::protobuf::MethodDescriptor;
using google::protobuf::ServiceDescriptor;

const char* const kServices[] = {
    "AdminService",    "InvoiceService",     "PurchaseService", "IdentityService",
    "LocationService", "CatalogSyncService", "JournalService"};

std::vector<const MethodDescriptor*> BackOfficeMethods() {
  // Link the generated services in, so the pool knows them.
  (void)pos::v1::AdminService::service_full_name();
  (void)pos::v1::InvoiceService::service_full_name();
  (void)pos::v1::PurchaseService::service_full_name();
  (void)pos::v1::IdentityService::service_full_name();
  (void)pos::v1::LocationService::service_full_name();
  (void)pos::v1::CatalogSyncService::service_full_name();
  (void)pos::v1::JournalService::service_full_name();
  std::vector<const MethodDescriptor*> methods;
  for (const char* name : kServices) {
    const ServiceDescriptor* s =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            std::string("pos.v1.") + name);
    if (s == nullptr) ADD_FAILURE() << "no service " << name;
    for (int i = 0; s != nullptr && i < s->method_count(); ++i)
      methods.push_back(s->method(i));
  }
  return methods;
}

std::string RpcName(const MethodDescriptor* m) {
  return m->service()->name() + "/" + m->name();
}

class PermissionMatrixTest : public testing::ServerTest {
 protected:
  // `method` with an empty request for org_ (org_id set by reflection).
  grpc::Status CallEmpty(const MethodDescriptor* m, const std::string& key) {
    std::unique_ptr<google::protobuf::Message> req(
        google::protobuf::MessageFactory::generated_factory()
            ->GetPrototype(m->input_type())
            ->New());
    const auto* org_field = m->input_type()->FindFieldByName("org_id");
    if (org_field != nullptr) req->GetReflection()->SetString(req.get(), org_field, org_);
    grpc::Slice slice(req->SerializeAsString());
    grpc::ByteBuffer in(&slice, 1), out;
    grpc::ClientContext ctx;
    SetDeadline(&ctx, std::chrono::seconds(20));
    if (!key.empty()) ctx.AddMetadata("authorization", "Bearer " + key);
    std::promise<grpc::Status> done;
    generic_->UnaryCall(&ctx, "/pos.v1." + RpcName(m), grpc::StubOptions(), &in, &out,
                        [&](grpc::Status s) { done.set_value(s); });
    return done.get_future().get();
  }

  void SetUp() override {
    ServerTest::SetUp();
    generic_ = std::make_unique<grpc::GenericStub>(MakeChannel(target_));
  }

  std::unique_ptr<grpc::GenericStub> generic_;
};

TEST_F(PermissionMatrixTest, EveryRpcNamesItsPermissionAndNoEntryIsStale) {
  std::set<std::string> methods;
  for (const MethodDescriptor* m : BackOfficeMethods()) {
    methods.insert(RpcName(m));
    EXPECT_TRUE(PermissionFor(RpcName(m)).has_value())
        << RpcName(m) << " has no permission";
    // Except those that answer within the caller's own scope (its accounts).
    if (!RuleFor(RpcName(m)) || !RuleFor(RpcName(m))->own_scope) {
      EXPECT_NE(m->input_type()->FindFieldByName("org_id"), nullptr)
          << RpcName(m) << ": every back-office request names its org";
    }
  }
  for (const auto& [rpc, permission] : RpcPermissions()) {
    EXPECT_TRUE(methods.count(rpc)) << rpc << " is in the table but not a method";
  }
  EXPECT_GE(methods.size(), 40u);
}

TEST_F(PermissionMatrixTest, EveryRoleAgainstEveryRpc) {
  const auto methods = BackOfficeMethods();
  int allowed = 0, denied = 0;
  for (int r = 1; r <= kRoleCount; ++r) {
    const Role role = static_cast<Role>(r);
    const std::string key =
        testing::MakeKey(role, RoleIsPlatformWide(role) ? "" : org_, RoleName(role));
    for (const MethodDescriptor* m : methods) {
      const Permission permission = *PermissionFor(RpcName(m));
      const grpc::Status s = CallEmpty(m, key);
      const std::string where = std::string(RoleName(role)) + " -> " + RpcName(m) + ": " +
                                std::to_string(s.error_code()) + " " + s.error_message();
      if (RoleGrants(role, permission)) {
        ++allowed;
        // An answer of the handler: the call got past authorization.
        EXPECT_TRUE(s.ok() || s.error_code() == grpc::StatusCode::INVALID_ARGUMENT ||
                    s.error_code() == grpc::StatusCode::NOT_FOUND ||
                    s.error_code() == grpc::StatusCode::FAILED_PRECONDITION ||
                    s.error_code() == grpc::StatusCode::ALREADY_EXISTS)
            << where;
      } else {
        ++denied;
        EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << where;
        EXPECT_NE(s.error_message().find(PermissionName(permission)), std::string::npos)
            << where;
      }
    }
  }
  EXPECT_GT(allowed, 0);
  EXPECT_GT(denied, 0);
  // Every write RPC left rows for every role: OK for what it wrote, the code
  // of what was refused; reads left none.
  for (const MethodDescriptor* m : methods) {
    const std::string rows = testing::PgEnvironment::Query(
        "SELECT count(DISTINCT role) FROM audit_log WHERE org_id || ' ' || rpc = $1",
        org_ + " " + RpcName(m));
    if (RuleFor(RpcName(m))->writes) {
      EXPECT_EQ(rows, std::to_string(kRoleCount)) << RpcName(m);
    } else {
      EXPECT_EQ(rows, "0") << RpcName(m);
    }
  }
  std::cout << "matrix: " << kRoleCount << " roles x " << methods.size() << " RPCs, "
            << allowed << " allowed, " << denied << " denied\n";
}

TEST_F(PermissionMatrixTest, WithoutAKeyEveryRpcIsUnauthenticated) {
  for (const MethodDescriptor* m : BackOfficeMethods()) {
    const grpc::Status s = CallEmpty(m, "");
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << RpcName(m);
    EXPECT_NE(s.error_message().find("API key"), std::string::npos) << s.error_message();
  }
}

TEST_F(PermissionMatrixTest, AnOrgKeyCannotActForAnotherOrg) {
  const std::string other = testing::PgEnvironment::UniqueId("other");
  pos::v1::CreateOrgRequest o;
  o.set_org_id(other);
  o.set_name("Other");
  o.set_currency("EUR");
  o.set_time_zone("Europe/Berlin");
  ASSERT_TRUE(AdminCall(&pos::v1::AdminService::Stub::CreateOrg, o).ok());
  const std::string org_admin = testing::MakeKey(Role::kOrgAdmin, org_);
  pos::v1::GetBillingConfigRequest mine;
  mine.set_org_id(org_);
  EXPECT_TRUE(
      AdminCall(&pos::v1::AdminService::Stub::GetBillingConfig, mine, org_admin).ok());
  pos::v1::GetBillingConfigRequest theirs;
  theirs.set_org_id(other);
  const grpc::Status s =
      AdminCall(&pos::v1::AdminService::Stub::GetBillingConfig, theirs, org_admin);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_NE(s.error_message().find("org " + other), std::string::npos)
      << s.error_message();
}

}  // namespace
}  // namespace tillstream
