#include "server/domain/sales/bill.h"

#include "common/enum_names.h"

namespace tillstream {

const char* BillStatusName(BillStatus status) {
  return EnumName(status, {"REGULAR", "NOT_INTERESTED", "OUTLIER", "TEST", "DELETED"});
}

const char* UniquenessScopeName(UniquenessScope scope) {
  return EnumName(scope, {"ORG", "STORE", "TILL"});
}

const char* TenderTypeName(TenderType type) {
  return EnumName(type, {"CASH", "CARD", "VOUCHER", "OTHER", "POINTS", "COUPON"});
}

}  // namespace tillstream
