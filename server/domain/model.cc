#include "server/domain/model.h"

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
  }
  return "?";
}

}  // namespace tillstream
