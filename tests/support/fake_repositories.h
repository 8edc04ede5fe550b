// Every in-memory repository for the unit tests of the use cases, one fake
// per interface (tests/support/fakes/), wired to each other where one
// reads another's data, as one object.
#ifndef TILLSTREAM_TESTS_SUPPORT_FAKE_REPOSITORIES_H_
#define TILLSTREAM_TESTS_SUPPORT_FAKE_REPOSITORIES_H_

#include <gtest/gtest.h>

#include "server/usecases/repositories.h"
#include "tests/support/fakes/fake_bill_repository.h"
#include "tests/support/fakes/fake_billing_config_repository.h"
#include "tests/support/fakes/fake_catalog_repository.h"
#include "tests/support/fakes/fake_customer_repository.h"
#include "tests/support/fakes/fake_loyalty_repository.h"
#include "tests/support/fakes/fake_org_repository.h"
#include "tests/support/fakes/fake_report_repository.h"

namespace tillstream::testing {

class FakeRepositories : public FakeOrgRepository,
                         public FakeCatalogRepository,
                         public FakeCustomerRepository,
                         public FakeBillRepository,
                         public FakeBillingConfigRepository,
                         public FakeLoyaltyRepository,
                         public FakeReportRepository {
 public:
  FakeRepositories() {
    FakeOrgRepository::set_catalogs(this);
    FakeCustomerRepository::set_orgs(this);
    FakeCustomerRepository::set_loyalty(this);
    FakeLoyaltyRepository::set_customers(this);
    FakeBillRepository::set_loyalty(this);
    FakeReportRepository::set_sources(this, this);
  }
  FakeRepositories(const FakeRepositories&) = delete;
  FakeRepositories& operator=(const FakeRepositories&) = delete;

  Repositories AsRepositories() { return {this, this, this, this, this, this, this}; }
};

// The org most unit tests use: acme (EUR, Berlin), store s1 selling from
// catalog main, till t1, and
// milk A1 (barcode 4001, 1.19, 7%) and loose apples A2 (4002, 2.99/kg, 7%).
inline void SeedAcme(FakeRepositories& repos) {
  ASSERT_TRUE(repos.CreateOrg({"acme", "Acme", "EUR", "Europe/Berlin", ""}).ok());
  StoreInfo store;
  store.org_id = "acme";
  store.store_id = "s1";
  store.name = "Main";
  store.catalog_id = kMainCatalogId;
  ASSERT_TRUE(repos.CreateStore(store).ok());
  ASSERT_TRUE(repos.CreateTill({"acme", "s1", "t1"}).ok());
  ASSERT_TRUE(repos
                  .UpsertItems("acme", kMainCatalogId,
                               {{"A1", "Milk", 119, 700, Uom::kEach, {"4001"}},
                                {"A2", "Apples", 299, 700, Uom::kKilogram, {"4002"}}})
                  .ok());
  // Its till holds a copy, as a connected pos-terminal does: READY.
  ASSERT_TRUE(repos.RecordHeldCatalog("acme", "s1", "t1", kMainCatalogId, 1).ok());
}

}  // namespace tillstream::testing

#endif  // TILLSTREAM_TESTS_SUPPORT_FAKE_REPOSITORIES_H_
