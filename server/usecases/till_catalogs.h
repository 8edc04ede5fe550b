// The tills' local copies of their store's catalog: what a till is offered
// at hello, the pages that bring its copy up to a version (a snapshot, or
// the delta from the version it holds), its word that it holds one, and the
// delta pushed to the tills when a version is published.
#ifndef TILLSTREAM_SERVER_USECASES_TILL_CATALOGS_H_
#define TILLSTREAM_SERVER_USECASES_TILL_CATALOGS_H_

#include <string>

#include "absl/status/statusor.h"
#include "server/domain/catalog/catalog.h"
#include "server/domain/org/org.h"
#include "server/domain/sales/pricing.h"
#include "server/usecases/repositories.h"

namespace tillstream {

// The version a till should hold.
struct CatalogOffer {
  std::string catalog_id;  // "" when the store has none assigned
  int version = 0;         // 0: none published
};

// A page of a delta with what the till needs to price from it offline.
struct CatalogPage {
  CatalogDelta delta;
  TaxPolicy policy;
  std::string currency;
};

struct FetchRequest {
  std::string catalog_id;  // held by the till; "" none
  int have_version = 0;
  int to_version = 0;  // 0: the current one
  std::string after_sku;
};

// At most this many changes ride on a push; more are fetched by the tills.
inline constexpr int kMaxPushedChanges = 200;

class TillCatalogs {
 public:
  explicit TillCatalogs(const Repositories& repos) : repos_(repos) {}

  absl::StatusOr<CatalogOffer> Offer(const TillContext& till);
  // FAILED_PRECONDITION while the store has no published catalog;
  // INVALID_ARGUMENT for a to_version it does not have.
  absl::StatusOr<CatalogPage> Fetch(const TillContext& till, const FetchRequest& request);
  // FAILED_PRECONDITION when it is not (a version of) the store's catalog.
  absl::Status Held(const TillContext& till, const std::string& catalog_id, int version);
  // The delta from version - 1 to `version`, its changes left out (and
  // `more` set) when there are more than kMaxPushedChanges.
  absl::StatusOr<CatalogPage> Announcement(const std::string& org_id,
                                           const std::string& catalog_id, int version);

 private:
  absl::StatusOr<CatalogPage> Page(const std::string& org_id, CatalogDelta delta);

  Repositories repos_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_USECASES_TILL_CATALOGS_H_
