#include "server/domain/model.h"

#include <utility>

namespace tillstream {

const char* UomName(Uom uom) {
  switch (uom) {
    case Uom::kEach:
      return "ea";
    case Uom::kKilogram:
      return "kg";
    case Uom::kLitre:
      return "l";
    case Uom::kMetre:
      return "m";
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

const std::string& Customer::identifier(IdentifierKind kind) const {
  switch (kind) {
    case IdentifierKind::kMobile:
      return mobile;
    case IdentifierKind::kEmail:
      return email;
    case IdentifierKind::kExternalId:
      return external_id;
    case IdentifierKind::kCardNumber:
      return card_number;
  }
  return mobile;
}

std::string& Customer::identifier(IdentifierKind kind) {
  return const_cast<std::string&>(std::as_const(*this).identifier(kind));
}

}  // namespace tillstream
