#include "server/usecases/bill_tagging.h"

#include "common/ids.h"
#include "common/validation.h"
#include "server/domain/customers/customer_repository.h"
#include "server/domain/loyalty/loyalty_repository.h"
#include "server/domain/loyalty/points.h"
#include "server/domain/sales/bill_repository.h"
#include "server/domain/sales/loyalty_basis.h"
#include "server/domain/sales/tagging.h"

namespace tillstream {

absl::StatusOr<StoredBill> BillTagging::TagBill(const Org& org,
                                                const std::string& bill_id,
                                                const std::string& customer_id,
                                                const std::string& by) {
  if (auto s = CheckUuid("bill_id", bill_id); !s.ok()) return s;
  if (auto s = CheckUuid("customer_id", customer_id); !s.ok()) return s;
  if (auto s = CheckText("tagged_by", by, kMaxNameLength); !s.ok()) return s;
  auto customer = repos_.customers->FindById(org.org_id, customer_id);
  if (!customer.ok()) return customer.status();
  auto rules = repos_.loyalty->GetLoyaltyConfig(org.org_id);
  if (!rules.ok()) return rules.status();
  const LoyaltyConfig config = rules->config;
  const absl::Time now = clock_();
  // Canonical ids: the bill is journaled under the id it is stored with.
  return repos_.bills->TagBill(
      org.org_id, CanonicalUuid(bill_id), CanonicalUuid(customer_id), by,
      [&](const StoredBill& bill, bool has_returns) {
        return CheckRetroTag(config, bill, has_returns, now);
      },
      [&](const Bill& tagged) { return PointsEarned(config, EarnBasisOf(tagged)); });
}

}  // namespace tillstream
