// The till the pure pricing and returns tests ring at: acme/s1/t1 in
// Europe/Berlin, pricing in EUR.
#ifndef TILLSTREAM_TESTS_SUPPORT_ACME_TILL_H_
#define TILLSTREAM_TESTS_SUPPORT_ACME_TILL_H_

#include "server/domain/org/org.h"

namespace tillstream {

inline TillContext AcmeTill() {
  StoreInfo store;
  store.org_id = "acme";
  store.store_id = "s1";
  store.name = "Main";
  store.catalog_id = kMainCatalogId;
  return TillContext{Org{"acme", "Acme", "EUR", "Europe/Berlin", ""}, store, "t1"};
}

}  // namespace tillstream

#endif  // TILLSTREAM_TESTS_SUPPORT_ACME_TILL_H_
