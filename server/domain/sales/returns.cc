#include "server/domain/sales/returns.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/money.h"
#include "common/quantity.h"
#include "common/validation.h"
#include "server/domain/sales/pricing.h"

namespace tillstream {
namespace {

// What is left of one original line after earlier returns.
struct Remaining {
  int64_t quantity_milli;
  int64_t amount_minor;
  int64_t tax_minor;
};

Remaining RemainingOf(const PricedLine& line, const ReturnHistory& history) {
  Remaining r{line.quantity_milli, line.amount_minor, line.tax_minor};
  if (auto it = history.by_line.find(line.line_no); it != history.by_line.end()) {
    r.quantity_milli -= it->second.quantity_milli;
    r.amount_minor -= it->second.amount_minor;
    r.tax_minor -= it->second.tax_minor;
  }
  return r;
}

// The share `part / whole` of `value`, half up, never more than `cap`.
absl::StatusOr<int64_t> Share(int64_t value, int64_t part, int64_t whole, int64_t cap) {
  if (whole == 0) return int64_t{0};
  auto share = MulDivRoundHalfUp(value, part, whole);
  if (!share.ok()) return share.status();
  return std::min(*share, cap);
}

// A return line refunding `amount` and `tax` (positive) of `original`.
PricedLine RefundLine(const PricedLine& original, int32_t line_no, int64_t quantity_milli,
                      int64_t amount, int64_t tax) {
  PricedLine line;
  line.line_no = line_no;
  line.original_line_no = original.line_no;
  line.sku = original.sku;
  line.name = original.name;
  line.uom = original.uom;
  line.unit_price_minor = original.unit_price_minor;
  line.tax_rate_bp = original.tax_rate_bp;
  line.quantity_milli = -quantity_milli;
  line.gross_minor = -amount;
  line.amount_minor = -amount;
  line.tax_minor = -tax;
  return line;
}

}  // namespace

absl::Status ValidateReturnRequest(const ReturnRequest& r) {
  const OriginalRef& o = r.original;
  if (!o.bill_id.empty()) {
    if (auto s = CheckUuid("return_of.bill_id", o.bill_id); !s.ok()) return s;
  } else {
    if (auto s = CheckCode("return_of.by_number.store_id", o.store_id); !s.ok()) return s;
    if (auto s = CheckBillNumber("return_of.by_number.bill_number", o.bill_number);
        !s.ok()) {
      return s;
    }
    absl::CivilDay day;
    if (o.business_date.size() != 10 || !absl::ParseCivilTime(o.business_date, &day)) {
      return FieldError("return_of.by_number.business_date",
                        "must be a date like 2026-11-22");
    }
  }
  if (auto s = CheckText("return_of.reason", r.reason, 200, true); !s.ok()) return s;
  if (r.lines.size() > static_cast<size_t>(kMaxBillLines)) {
    return FieldError("return_of.lines", "holds too many lines");
  }
  std::set<int32_t> seen;
  for (size_t i = 0; i < r.lines.size(); ++i) {
    const ReturnLineRequest& l = r.lines[i];
    const std::string field = absl::StrCat("return_of.lines[", i, "]");
    if (!seen.insert(l.original_line_no).second) {
      return FieldError(field + ".original_line_no",
                        absl::StrCat("names line ", l.original_line_no, " twice"));
    }
    if (r.type == ReturnType::kLineItem &&
        (l.quantity_milli <= 0 || l.quantity_milli > kMaxQuantityMilli)) {
      return FieldError(field + ".quantity_milli", "must be positive");
    }
    if (r.type == ReturnType::kAmount &&
        (l.amount_minor <= 0 || l.amount_minor > kMaxAbsMinorUnits)) {
      return FieldError(field + ".amount", "must be positive");
    }
  }
  switch (r.type) {
    case ReturnType::kFull:
      if (!r.lines.empty() || r.amount_minor != 0) {
        return FieldError("return_of", "a FULL return names no lines and no amount");
      }
      break;
    case ReturnType::kLineItem:
      if (r.lines.empty())
        return FieldError("return_of.lines", "name the lines to return");
      if (r.amount_minor != 0)
        return FieldError("return_of.amount", "is for AMOUNT returns");
      break;
    case ReturnType::kAmount:
      if (r.lines.empty() == (r.amount_minor == 0)) {
        return FieldError("return_of",
                          "an AMOUNT return gives either an amount or lines");
      }
      if (r.amount_minor < 0 || r.amount_minor > kMaxAbsMinorUnits) {
        return FieldError("return_of.amount", "must be positive");
      }
      break;
  }
  return absl::OkStatus();
}

absl::StatusOr<Bill> ComputeReturn(const TillContext& till, const BillInput& in,
                                   const StoredBill& stored,
                                   const ReturnHistory& history) {
  const Bill& original = stored.bill;
  const ReturnRequest& req = *in.return_of;
  const std::string& cur = original.currency;
  const auto refuse = [&](absl::string_view why) {
    return absl::FailedPreconditionError(
        absl::StrCat("return refused for bill ", original.bill_number, ": ", why));
  };
  if (original.type == BillType::kReturn) return refuse("it is itself a return");
  if (original.status == BillStatus::kDeleted) return refuse("it was deleted");
  if (in.client_currency != original.currency) {
    return FieldError("client_total.currency",
                      absl::StrCat("must be ", original.currency));
  }
  int64_t remaining_total = 0;
  int64_t remaining_quantity = 0;
  for (const PricedLine& l : original.lines) {
    const Remaining left = RemainingOf(l, history);
    remaining_total += left.amount_minor;
    remaining_quantity += left.quantity_milli;
  }
  // Goods still out can come back even when their money is refunded already
  // (a rounded share took it); AMOUNT returns give no goods back.
  const bool goods_out = remaining_quantity > 0 && !history.any_amount;
  if (history.any_full ||
      (remaining_total <= 0 && !goods_out && !history.by_line.empty())) {
    return refuse("it was returned in full already");
  }
  if (req.type == ReturnType::kFull && !history.by_line.empty()) {
    return refuse(
        "a FULL return after a partial one is not possible; return the rest by line");
  }
  if ((req.type == ReturnType::kLineItem && history.any_amount) ||
      (req.type == ReturnType::kAmount && history.any_line_item)) {
    return refuse(absl::StrCat("it already has ",
                               history.any_amount ? "AMOUNT" : "LINE_ITEM",
                               " returns; AMOUNT and LINE_ITEM returns cannot be mixed"));
  }

  auto created = NewBill(till, in);
  if (!created.ok()) return created.status();
  Bill& bill = *created;
  bill.currency = cur;
  bill.customer_id = original.customer_id;  // the refund belongs to the buyer
  bill.type = BillType::kReturn;
  bill.original_bill_id = original.bill_id;
  bill.return_type = req.type;
  bill.return_reason = req.reason;

  const auto find_line = [&](int32_t line_no) -> absl::StatusOr<const PricedLine*> {
    for (const PricedLine& l : original.lines) {
      if (l.line_no == line_no) return &l;
    }
    return absl::NotFoundError(
        absl::StrCat("line ", line_no, " is not on bill ", original.bill_number));
  };
  int32_t next_no = 1;
  switch (req.type) {
    case ReturnType::kFull:
      for (const PricedLine& l : original.lines) {
        bill.lines.push_back(
            RefundLine(l, next_no++, l.quantity_milli, l.amount_minor, l.tax_minor));
      }
      break;
    case ReturnType::kLineItem:
      for (const ReturnLineRequest& r : req.lines) {
        auto found = find_line(r.original_line_no);
        if (!found.ok()) return found.status();
        const PricedLine* l = *found;
        const Remaining left = RemainingOf(*l, history);
        if (r.quantity_milli > left.quantity_milli) {
          return refuse(absl::StrCat("line ", l->line_no, " (", l->name, ") has ",
                                     FormatQuantity(left.quantity_milli),
                                     " left to return, not ",
                                     FormatQuantity(r.quantity_milli)));
        }
        if (l->uom == Uom::kEach && r.quantity_milli % kMilliPerUnit != 0) {
          return FieldError("return_of.lines.quantity_milli",
                            absl::StrCat("must be whole for ", l->sku, " (sold each)"));
        }
        const bool rest = r.quantity_milli == left.quantity_milli;
        auto amount = rest ? absl::StatusOr<int64_t>(left.amount_minor)
                           : Share(l->amount_minor, r.quantity_milli, l->quantity_milli,
                                   left.amount_minor);
        auto tax = rest ? absl::StatusOr<int64_t>(left.tax_minor)
                        : Share(l->tax_minor, r.quantity_milli, l->quantity_milli,
                                left.tax_minor);
        if (!amount.ok()) return amount.status();
        if (!tax.ok()) return tax.status();
        bill.lines.push_back(RefundLine(*l, next_no++, r.quantity_milli, *amount, *tax));
      }
      break;
    case ReturnType::kAmount: {
      std::vector<const PricedLine*> lines;
      std::vector<int64_t> amounts;
      if (req.amount_minor > 0) {
        if (req.amount_minor > remaining_total) {
          return refuse(absl::StrCat(
              FormatMoney(req.amount_minor, cur), " is more than the ",
              FormatMoney(remaining_total, cur), " ", cur, " left to refund"));
        }
        std::vector<int64_t> weights;
        for (const PricedLine& l : original.lines) {
          lines.push_back(&l);
          weights.push_back(std::max<int64_t>(0, RemainingOf(l, history).amount_minor));
        }
        auto shares = Apportion(req.amount_minor, weights);
        if (!shares.ok()) return shares.status();
        amounts = *shares;
      } else {
        for (const ReturnLineRequest& r : req.lines) {
          auto found = find_line(r.original_line_no);
          if (!found.ok()) return found.status();
          const PricedLine* l = *found;
          const Remaining left = RemainingOf(*l, history);
          if (r.amount_minor > left.amount_minor) {
            return refuse(absl::StrCat("line ", l->line_no, " (", l->name, ") has ",
                                       FormatMoney(left.amount_minor, cur), " ", cur,
                                       " left to refund, not ",
                                       FormatMoney(r.amount_minor, cur)));
          }
          lines.push_back(l);
          amounts.push_back(r.amount_minor);
        }
      }
      for (size_t i = 0; i < lines.size(); ++i) {
        if (amounts[i] == 0) continue;
        const Remaining left = RemainingOf(*lines[i], history);
        auto tax =
            amounts[i] == left.amount_minor
                ? absl::StatusOr<int64_t>(left.tax_minor)
                : Share(left.tax_minor, amounts[i], left.amount_minor, left.tax_minor);
        if (!tax.ok()) return tax.status();
        bill.lines.push_back(RefundLine(*lines[i], next_no++, 0, amounts[i], *tax));
      }
      break;
    }
  }
  for (const PricedLine& l : bill.lines) {
    bill.subtotal_minor += l.gross_minor;
    bill.total_minor += l.amount_minor;
    bill.tax_minor += l.tax_minor;
  }
  // Units returned whose share of the money rounds to nothing refund 0.00:
  // the goods come back all the same (README, "Returns").
  const bool takes_goods =
      std::any_of(bill.lines.begin(), bill.lines.end(),
                  [](const PricedLine& l) { return l.quantity_milli != 0; });
  if (bill.total_minor == 0 && !takes_goods) return refuse("nothing left to refund");
  return created;
}

}  // namespace tillstream
