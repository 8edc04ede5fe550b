#include "server/domain/sales/returns.h"

#include <gtest/gtest.h>

#include "common/business_date.h"
#include "server/domain/sales/bill_input.h"
#include "server/domain/sales/fingerprint.h"
#include "server/domain/sales/pricing.h"
#include "server/domain/sales/settlement.h"
#include "tests/support/acme_till.h"

namespace tillstream {
namespace {

TillContext Till() { return AcmeTill(); }

// The original: 3 x 1.19 (7%) and 1 x 8.49 (19%), with a 1.00 sale discount.
StoredBill Original() {
  BillInput in;
  in.bill_id = "123e4567-e89b-42d3-a456-426614174000";
  in.bill_number = "t1-1";
  in.billing_time = absl::FromUnixSeconds(1763800000);
  in.client_currency = "EUR";
  in.lines = {{1, "A1", 3000}, {2, "A3", 1000}};
  in.sale_discount_minor = 100;
  auto bill = PriceBill(Till(), in,
                        {CatalogItem{"A1", "Milk", 119, 700, Uom::kEach, {}},
                         CatalogItem{"A3", "Wine", 849, 1900, Uom::kEach, {}}},
                        {});
  EXPECT_TRUE(bill.ok()) << bill.status();
  return StoredBill{*bill, absl::FromUnixSeconds(1763800001), false};
}

BillInput Return(ReturnType type, std::vector<ReturnLineRequest> lines = {},
                 int64_t amount = 0) {
  BillInput in;
  in.bill_id = "223e4567-e89b-42d3-a456-426614174000";
  in.bill_number = "R-1";
  in.billing_time = absl::FromUnixSeconds(1763900000);
  in.client_currency = "EUR";
  in.return_of =
      ReturnRequest{OriginalRef{"123e4567-e89b-42d3-a456-426614174000", "", "", ""}, type,
                    std::move(lines), amount, "damaged"};
  return in;
}

// Adds a computed return to the history, as the database would.
void Record(const Bill& ret, ReturnHistory* history) {
  for (const PricedLine& l : ret.lines) {
    LineReturned& sum = history->by_line[l.original_line_no];
    sum.quantity_milli -= l.quantity_milli;
    sum.amount_minor -= l.amount_minor;
    sum.tax_minor -= l.tax_minor;
  }
  history->any_full |= ret.return_type == ReturnType::kFull;
  history->any_line_item |= ret.return_type == ReturnType::kLineItem;
  history->any_amount |= ret.return_type == ReturnType::kAmount;
}

TEST(ComputeReturn, FullRefundsExactlyWhatWasPaidNegatively) {
  const StoredBill original = Original();
  auto ret = ComputeReturn(Till(), Return(ReturnType::kFull), original, {});
  ASSERT_TRUE(ret.ok()) << ret.status();
  EXPECT_EQ(ret->type, BillType::kReturn);
  EXPECT_EQ(ret->total_minor, -original.bill.total_minor);
  EXPECT_EQ(ret->tax_minor, -original.bill.tax_minor);
  ASSERT_EQ(ret->lines.size(), 2u);
  EXPECT_EQ(ret->lines[0].quantity_milli, -3000);
  EXPECT_EQ(ret->lines[0].original_line_no, 1);
}

TEST(ComputeReturn, PartialReturnsNeverRefundMoreThanWasPaid) {
  const StoredBill original = Original();
  const PricedLine& milk = original.bill.lines[0];  // 3.57 less its discount share
  ReturnHistory history;
  int64_t refunded = 0;
  for (int i = 0; i < 3; ++i) {  // the three units one by one
    auto ret = ComputeReturn(Till(), Return(ReturnType::kLineItem, {{1, 1000, 0}}),
                             original, history);
    ASSERT_TRUE(ret.ok()) << ret.status();
    refunded -= ret->total_minor;
    Record(*ret, &history);
  }
  EXPECT_EQ(refunded, milk.amount_minor);  // to the cent, whatever the rounding
  EXPECT_EQ(history.by_line[1].tax_minor, milk.tax_minor);
  auto fourth = ComputeReturn(Till(), Return(ReturnType::kLineItem, {{1, 1000, 0}}),
                              original, history);
  EXPECT_EQ(fourth.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(fourth.status().message().find("0 left to return"), std::string::npos);
}

TEST(ComputeReturn, RefusalsSayWhy) {
  const StoredBill original = Original();
  ReturnHistory history;
  auto part = ComputeReturn(Till(), Return(ReturnType::kLineItem, {{2, 1000, 0}}),
                            original, history);
  ASSERT_TRUE(part.ok());
  Record(*part, &history);
  const auto message = [&](const BillInput& in) {
    return std::string(ComputeReturn(Till(), in, original, history).status().message());
  };
  EXPECT_NE(message(Return(ReturnType::kFull)).find("FULL return after a partial"),
            std::string::npos);
  EXPECT_NE(message(Return(ReturnType::kAmount, {}, 100)).find("cannot be mixed"),
            std::string::npos);
  EXPECT_NE(message(Return(ReturnType::kLineItem, {{2, 1000, 0}})).find("left to return"),
            std::string::npos);
  EXPECT_EQ(ComputeReturn(Till(), Return(ReturnType::kLineItem, {{9, 1000, 0}}), original,
                          history)
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(ComputeReturn(Till(), Return(ReturnType::kLineItem, {{1, 1500, 0}}), original,
                          history)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);  // milk is sold each

  ReturnHistory full;
  Record(*ComputeReturn(Till(), Return(ReturnType::kFull), original, {}), &full);
  EXPECT_NE(
      std::string(ComputeReturn(Till(), Return(ReturnType::kLineItem, {{1, 1000, 0}}),
                                original, full)
                      .status()
                      .message())
          .find("returned in full already"),
      std::string::npos);
}

TEST(ComputeReturn, AmountReturnsStayWithinWhatRemains) {
  const StoredBill original = Original();
  const int64_t paid = original.bill.total_minor;
  ReturnHistory history;
  auto first =
      ComputeReturn(Till(), Return(ReturnType::kAmount, {}, 500), original, history);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->total_minor, -500);
  Record(*first, &history);
  auto too_much = ComputeReturn(Till(), Return(ReturnType::kAmount, {}, paid - 499),
                                original, history);
  EXPECT_EQ(too_much.status().code(), absl::StatusCode::kFailedPrecondition);
  auto rest = ComputeReturn(Till(), Return(ReturnType::kAmount, {}, paid - 500), original,
                            history);
  ASSERT_TRUE(rest.ok()) << rest.status();
  Record(*rest, &history);
  int64_t tax_back = 0;
  for (const auto& [line, sum] : history.by_line) tax_back += sum.tax_minor;
  EXPECT_EQ(tax_back,
            original.bill.tax_minor);  // the last refund takes the last cent of tax
  EXPECT_FALSE(
      ComputeReturn(Till(), Return(ReturnType::kAmount, {}, 1), original, history).ok());
  // A line amount above what the line has left.
  EXPECT_EQ(
      ComputeReturn(Till(), Return(ReturnType::kAmount, {{1, 0, 10000}}), original, {})
          .status()
          .code(),
      absl::StatusCode::kFailedPrecondition);
}

// 5 x 0.01 less a 0.04 sale discount: the line cost 0.01 in all.
StoredBill PennyLine() {
  BillInput in;
  in.bill_id = "123e4567-e89b-42d3-a456-426614174000";
  in.bill_number = "t1-2";
  in.billing_time = absl::FromUnixSeconds(1763800000);
  in.client_currency = "EUR";
  in.lines = {{1, "C1", 5000}};
  in.sale_discount_minor = 4;
  auto bill =
      PriceBill(Till(), in, {CatalogItem{"C1", "Clip", 1, 1900, Uom::kEach, {}}}, {});
  EXPECT_TRUE(bill.ok()) << bill.status();
  return StoredBill{*bill, absl::FromUnixSeconds(1763800001), false};
}

TEST(ComputeReturn, UnitsWhoseShareRoundsToNothingStillGoBack) {
  const StoredBill original = PennyLine();
  ASSERT_EQ(original.bill.lines[0].amount_minor, 1);
  ReturnHistory history;
  auto one = ComputeReturn(Till(), Return(ReturnType::kLineItem, {{1, 1000, 0}}),
                           original, history);
  ASSERT_TRUE(one.ok()) << one.status();
  EXPECT_EQ(one->total_minor, 0);
  ASSERT_EQ(one->lines.size(), 1u);
  EXPECT_EQ(one->lines[0].quantity_milli, -1000);
  Record(*one, &history);
  // 3 of the 5 units round up to the whole cent; the last unit still goes back.
  auto three = ComputeReturn(Till(), Return(ReturnType::kLineItem, {{1, 3000, 0}}),
                             original, history);
  ASSERT_TRUE(three.ok()) << three.status();
  EXPECT_EQ(three->total_minor, -1);
  Record(*three, &history);
  auto last = ComputeReturn(Till(), Return(ReturnType::kLineItem, {{1, 1000, 0}}),
                            original, history);
  ASSERT_TRUE(last.ok()) << last.status();
  EXPECT_EQ(last->total_minor, 0);
  Record(*last, &history);
  auto none = ComputeReturn(Till(), Return(ReturnType::kLineItem, {{1, 1000, 0}}),
                            original, history);
  EXPECT_NE(none.status().message().find("returned in full already"), std::string::npos)
      << none.status();
}

TEST(ValidateReturnRequest, ChecksShape) {
  EXPECT_TRUE(ValidateReturnRequest(*Return(ReturnType::kFull).return_of).ok());
  EXPECT_FALSE(
      ValidateReturnRequest(*Return(ReturnType::kFull, {{1, 1000, 0}}).return_of).ok());
  EXPECT_FALSE(ValidateReturnRequest(*Return(ReturnType::kLineItem).return_of).ok());
  EXPECT_FALSE(ValidateReturnRequest(
                   *Return(ReturnType::kLineItem, {{1, 1000, 0}, {1, 1000, 0}}).return_of)
                   .ok());
  EXPECT_FALSE(ValidateReturnRequest(*Return(ReturnType::kAmount).return_of).ok());
  BillInput by_number = Return(ReturnType::kFull);
  by_number.return_of->original = OriginalRef{"", "s1", "t1-1", "22.11.2025"};
  EXPECT_FALSE(ValidateReturnRequest(*by_number.return_of).ok());
}

TEST(SettleReturn, TendersPayBackExactly) {
  auto ret = ComputeReturn(Till(), Return(ReturnType::kLineItem, {{2, 1000, 0}}),
                           Original(), {});
  ASSERT_TRUE(ret.ok());
  BillInput in = Return(ReturnType::kLineItem, {{2, 1000, 0}});
  in.client_total_minor = ret->total_minor;
  in.tenders = {{TenderType::kCash, -ret->total_minor - 1, ""}};
  EXPECT_EQ(SettleReturn(in, &*ret).code(), absl::StatusCode::kFailedPrecondition);
  in.tenders = {{TenderType::kCash, -ret->total_minor, ""}};
  ASSERT_TRUE(SettleReturn(in, &*ret).ok());
  EXPECT_EQ(ret->tenders[0].amount_minor, ret->total_minor);  // negative
  EXPECT_EQ(ret->change_minor, 0);
}

}  // namespace
}  // namespace tillstream
