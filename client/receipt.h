// What the client programs print of the contract's values: money with its
// currency, a priced line, the receipt.
#ifndef TILLSTREAM_CLIENT_RECEIPT_H_
#define TILLSTREAM_CLIENT_RECEIPT_H_

#include <string>

#include "pos/v1/pos.pb.h"

namespace tillstream {

// "12.34 EUR"
std::string FormatMoneyWithCode(const pos::v1::Money& money);

// "  3  Apples loose        1.25 kg x 2.99     3.74"
std::string FormatLine(const pos::v1::PricedLine& line);

// The printed receipt.
std::string FormatReceipt(const pos::v1::BillReceipt& receipt,
                          const pos::v1::HelloAck& store);

}  // namespace tillstream

#endif  // TILLSTREAM_CLIENT_RECEIPT_H_
