#include "server/domain/sales/bill.h"

namespace tillstream {

const char* BillStatusName(BillStatus status) {
  switch (status) {
    case BillStatus::kRegular:
      return "REGULAR";
    case BillStatus::kNotInterested:
      return "NOT_INTERESTED";
    case BillStatus::kOutlier:
      return "OUTLIER";
    case BillStatus::kTest:
      return "TEST";
    case BillStatus::kDeleted:
      return "DELETED";
  }
  return "?";
}

const char* UniquenessScopeName(UniquenessScope scope) {
  switch (scope) {
    case UniquenessScope::kOrg:
      return "ORG";
    case UniquenessScope::kStore:
      return "STORE";
    case UniquenessScope::kTill:
      return "TILL";
  }
  return "?";
}

const char* TenderTypeName(TenderType type) {
  switch (type) {
    case TenderType::kCash:
      return "CASH";
    case TenderType::kCard:
      return "CARD";
    case TenderType::kVoucher:
      return "VOUCHER";
    case TenderType::kOther:
      return "OTHER";
    case TenderType::kPoints:
      return "POINTS";
    case TenderType::kCoupon:
      return "COUPON";
  }
  return "?";
}

}  // namespace tillstream
