#include "server/usecases/purchase_intake.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/business_date.h"
#include "common/ids.h"
#include "common/validation.h"
#include "server/domain/customers/customer_repository.h"
#include "server/domain/customers/normalize.h"
#include "server/domain/org/org_repository.h"
#include "server/domain/purchases/purchase_repository.h"
#include "server/domain/sales/bill_input.h"
#include "server/domain/sales/fingerprint.h"
#include "server/domain/sales/pricing.h"
#include "server/domain/sales/settlement.h"

namespace tillstream {

absl::StatusOr<std::string> PurchaseIntake::FindBuyer(const Org& org,
                                                      const Purchase& purchase) {
  const struct {
    IdentifierKind kind;
    const char* field;
    const std::string& value;
  } order[] = {{IdentifierKind::kCardNumber, "member_id", purchase.member_id},
               {IdentifierKind::kExternalId, "external_customer_id",
                purchase.external_customer_id},
               {IdentifierKind::kEmail, "email", purchase.email}};
  for (const auto& [kind, field, value] : order) {
    if (value.empty()) continue;
    auto normalized = NormalizeIdentifier(field, kind, value, org);
    if (!normalized.ok()) return normalized.status();
    auto found = repos_.customers->FindCustomer(org.org_id, kind, *normalized);
    if (found.ok()) return found->customer_id;
    // Unknown, or shared by several customers: try the next identifier.
    if (!absl::IsNotFound(found.status()) &&
        !absl::IsFailedPrecondition(found.status())) {
      return found.status();
    }
  }
  return std::string();
}

absl::StatusOr<StoredPurchase> PurchaseIntake::Record(const std::string& org_id,
                                                      const Purchase& purchase,
                                                      const std::string& fingerprint) {
  auto org = LoadOrg(*repos_.orgs, org_id);
  if (!org.ok()) return org.status();
  if (purchase.currency != org->currency) {
    return FieldError("amount_paid.currency",
                      absl::StrCat("must be the org's currency ", org->currency));
  }
  if (auto s = ValidatePurchase(purchase, clock_()); !s.ok()) return s;
  auto day = BusinessDate(purchase.purchase_time, org->time_zone);
  if (!day.ok()) return day.status();
  auto buyer = FindBuyer(*org, purchase);
  if (!buyer.ok()) return buyer.status();

  StoredPurchase record;
  record.org_id = org_id;
  record.purchase_id = NewUuid();
  record.purchase = purchase;
  record.customer_id = *buyer;
  record.business_date = *day;
  const bool has_customer = !buyer->empty();
  return purchases_->RecordPurchase(
      record, fingerprint,
      [&purchase, has_customer](
          const LoyaltyConfig& config,
          const RefundedLines& originals) -> absl::StatusOr<Purchase> {
        Purchase planned = purchase;
        auto earned = SaleLinePoints(config, planned, has_customer);
        if (!earned.ok()) return earned.status();
        // Refund lines of one purchase may share an original: count each
        // against what the earlier ones left.
        RefundedLines running = originals;
        for (size_t i = 0; i < planned.lines.size(); ++i) {
          PurchaseLine& line = planned.lines[i];
          line.points = (*earned)[i];
          if (!line.is_refund) continue;
          const std::string field = absl::StrCat("lines[", i, "]");
          auto it = running.find({line.refunds_transaction_id, line.refunds_line_no});
          if (it == running.end()) {
            return absl::FailedPreconditionError(absl::StrCat(
                field, " refunds line ", line.refunds_line_no, " of transaction ",
                line.refunds_transaction_id, ", which has no such sale line"));
          }
          auto reversed = RefundLineReversal(field, line, it->second);
          if (!reversed.ok()) return reversed.status();
          line.points = -*reversed;
          it->second.refunded_milli -= line.quantity_milli;
        }
        return planned;
      });
}

absl::StatusOr<StoredPurchase> PurchaseIntake::Get(
    const std::string& org_id, const std::string& source,
    const std::string& external_transaction_id) {
  if (auto s = CheckCode("org_id", org_id); !s.ok()) return s;
  if (auto s = CheckCode("source", source); !s.ok()) return s;
  if (auto s =
          CheckText("external_transaction_id", external_transaction_id, kMaxNameLength);
      !s.ok()) {
    return s;
  }
  return purchases_->GetPurchase(org_id, source, external_transaction_id);
}

}  // namespace tillstream
