// The server over gRPC with loyalty set up: an org, tills, customers, helpers to ring up
// bills.
#ifndef TILLSTREAM_TESTS_INTEGRATION_LOYALTY_FIXTURE_H_
#define TILLSTREAM_TESTS_INTEGRATION_LOYALTY_FIXTURE_H_

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "common/ids.h"
#include "tests/support/server_fixture.h"

namespace tillstream {

using pos::v1::AdminService;
using pos::v1::TillRequest;
using testing::AdminKey;
using testing::PgEnvironment;

class LoyaltyTest : public testing::ServerTest {
 protected:
  pos::v1::CustomerProfile Enrol(const std::string& mobile, const std::string& card = "",
                                 const std::string& name = "Jane") {
    pos::v1::EnrolCustomerRequest req;
    req.set_org_id(org_);
    req.mutable_customer()->set_name(name);
    req.mutable_customer()->set_mobile(mobile);
    req.mutable_customer()->set_card_number(card);
    pos::v1::CustomerProfile p;
    const grpc::Status s =
        AdminCall(&AdminService::Stub::EnrolCustomer, req, AdminKey(), &p);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return p;
  }

  grpc::Status SetLoyalty(const pos::v1::LoyaltyConfig& config) {
    pos::v1::GetLoyaltyConfigRequest get;
    get.set_org_id(org_);
    pos::v1::LoyaltyConfigVersion current;
    grpc::Status s =
        AdminCall(&AdminService::Stub::GetLoyaltyConfig, get, AdminKey(), &current);
    if (!s.ok()) return s;
    pos::v1::SetLoyaltyConfigRequest set;
    set.set_org_id(org_);
    *set.mutable_config() = config;
    set.set_expected_version(current.version());
    set.set_changed_by("ops");
    set.set_reason("test");
    return AdminCall(&AdminService::Stub::SetLoyaltyConfig, set);
  }

  void Grant(const std::string& customer_id, int64_t points) {
    pos::v1::AdjustPointsRequest req;
    req.set_org_id(org_);
    req.set_customer_id(customer_id);
    req.set_points(points);
    req.set_reason("welcome bonus");
    req.set_adjusted_by("ops");
    req.set_request_id(NewUuid());
    ASSERT_TRUE(AdminCall(&AdminService::Stub::AdjustPoints, req).ok());
  }

  int64_t Available(const std::string& customer_id) {
    pos::v1::GetCustomerRequest req;
    req.set_org_id(org_);
    req.mutable_by()->set_customer_id(customer_id);
    pos::v1::CustomerProfile p;
    EXPECT_TRUE(AdminCall(&AdminService::Stub::GetCustomer, req, AdminKey(), &p).ok());
    return p.points().available();
  }

  static pos::v1::TenderInput Tender(pos::v1::TenderType type, int64_t amount,
                                     const std::string& reference = "") {
    pos::v1::TenderInput t;
    t.set_type(type);
    t.mutable_amount()->set_minor_units(amount);
    t.mutable_amount()->set_currency("EUR");
    t.set_reference(reference);
    return t;
  }

  // `units` x A1 (1.19) for `customer_id`, paid by `tenders` and cash for the rest.
  TillRequest Sale(int units, const std::string& customer_id,
                   std::vector<pos::v1::TenderInput> tenders = {}) {
    const int64_t total = 119 * units;
    TillRequest r = Submit(NewUuid(), units, total);
    auto* b = r.mutable_submit_bill();
    b->set_customer_id(customer_id);
    b->clear_tenders();
    int64_t paid = 0;
    for (const auto& t : tenders) {
      *b->add_tenders() = t;
      paid += t.amount().minor_units();
    }
    if (paid < total) *b->add_tenders() = Tender(pos::v1::CASH, total - paid);
    return r;
  }

  std::string Count(const std::string& sql) { return PgEnvironment::Query(sql, org_); }
};

}  // namespace tillstream

#endif  // TILLSTREAM_TESTS_INTEGRATION_LOYALTY_FIXTURE_H_
