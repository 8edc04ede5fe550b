#include "server/domain/sales/loyalty_basis.h"

namespace tillstream {

EarnBasis EarnBasisOf(const Bill& bill) {
  EarnBasis basis;
  basis.customer_id = bill.customer_id;
  basis.currency = bill.currency;
  basis.may_earn = bill.type == BillType::kSale && bill.status == BillStatus::kRegular;
  for (const PricedLine& l : bill.lines) basis.lines.push_back({l.sku, l.amount_minor});
  for (const Tender& t : bill.tenders) {
    if (t.type == TenderType::kPoints) {
      basis.tenders.push_back({EarnBasis::Kind::kPoints, t.amount_minor, t.reference});
    } else if (t.type == TenderType::kCoupon) {
      basis.tenders.push_back({EarnBasis::Kind::kCoupon, t.amount_minor, t.reference});
    }
  }
  return basis;
}

}  // namespace tillstream
