#include "server/domain/purchases/purchases.h"

#include <cstdlib>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/money.h"
#include "common/quantity.h"
#include "common/validation.h"
#include "server/domain/loyalty/points.h"

namespace tillstream {
namespace {

constexpr absl::Duration kMaxClockAhead = absl::Hours(24);
constexpr size_t kMaxFreeText = 64;

std::string Signed(int64_t minor, const std::string& currency) {
  return (minor > 0 ? "+" : "") + FormatMoney(minor, currency);
}

// Collects the figures that are off, so the sender learns all of them at once.
class FigureCheck {
 public:
  explicit FigureCheck(const std::string& currency) : currency_(currency) {}

  void Expect(const std::string& field, int64_t stated, int64_t computed,
              const std::string& how) {
    if (stated == computed) return;
    problems_.push_back(absl::StrCat(field, " is ", FormatMoney(stated, currency_),
                                     " but ", how, " ", FormatMoney(computed, currency_),
                                     " (off by ", Signed(stated - computed, currency_),
                                     ")"));
  }

  absl::Status Result() const {
    if (problems_.empty()) return absl::OkStatus();
    return absl::InvalidArgumentError(
        absl::StrCat("the figures do not add up: ", absl::StrJoin(problems_, "; ")));
  }

 private:
  const std::string currency_;
  std::vector<std::string> problems_;
};

absl::Status CheckLineFields(const std::string& f, const PurchaseLine& l) {
  if (l.line_no < 1) return FieldError(f + "line_no", "must be 1 or more");
  if (auto s = CheckCode(f + "sku", l.sku); !s.ok()) return s;
  if (auto s = CheckText(f + "name", l.name, kMaxNameLength); !s.ok()) return s;
  const int64_t qty = std::llabs(l.quantity_milli);
  if (qty == 0 || qty > kMaxQuantityMilli) {
    return FieldError(f + "quantity", absl::StrCat("must be non-zero and at most ",
                                                   FormatQuantity(kMaxQuantityMilli)));
  }
  if (l.is_refund != (l.quantity_milli < 0)) {
    return FieldError(f + "quantity", l.is_refund
                                          ? "must be negative on a refund line"
                                          : "must be positive on a sale line (refunds "
                                            "are lines with is_refund)");
  }
  if (l.unit == Uom::kEach && qty % kMilliPerUnit != 0) {
    return FieldError(f + "quantity", "must be whole units for EACH");
  }
  if (l.unit_price_minor < 0 || l.unit_price_minor > kMaxAbsMinorUnits) {
    return FieldError(f + "unit_price",
                      "must be from 0 up to what this back office records");
  }
  // Sale lines carry positive figures, refund lines negative ones.
  const int sign = l.is_refund ? -1 : 1;
  for (const auto& [name, v] :
       {std::pair<const char*, int64_t>{"item_discount", l.item_discount_minor},
        {"sale_discount_share", l.sale_discount_minor}}) {
    if (v * sign < 0) {
      return FieldError(f + name, l.is_refund
                                      ? "must be zero or negative on a refund line"
                                      : "must be zero or positive on a sale line");
    }
    if (std::llabs(v) > kMaxAbsMinorUnits) return FieldError(f + name, "is out of range");
  }
  if (l.is_refund) {
    if (auto s = CheckText(f + "refunds_transaction_id", l.refunds_transaction_id,
                           kMaxNameLength);
        !s.ok()) {
      return s;
    }
    if (l.refunds_line_no < 1) {
      return FieldError(f + "refunds_line_no", "must name the line refunded (1 or more)");
    }
  } else if (!l.refunds_transaction_id.empty() || l.refunds_line_no != 0) {
    return FieldError(f + "refunds_transaction_id", "is only for refund lines");
  }
  return absl::OkStatus();
}

absl::Status CheckHeaderFields(const Purchase& p, absl::Time now) {
  if (auto s = CheckCode("source", p.source); !s.ok()) return s;
  if (auto s =
          CheckText("external_transaction_id", p.external_transaction_id, kMaxNameLength);
      !s.ok()) {
    return s;
  }
  if (auto s = CheckCode("store_id", p.store_id); !s.ok()) return s;
  if (p.purchase_time <= absl::UnixEpoch())
    return FieldError("purchase_time", "is required");
  if (p.purchase_time > now + kMaxClockAhead) {
    return FieldError("purchase_time", "is more than a day in the future");
  }
  for (const auto& [name, v] :
       {std::pair<const char*, const std::string*>{"order_type", &p.order_type},
        {"pay_method", &p.pay_method},
        {"member_id", &p.member_id},
        {"external_customer_id", &p.external_customer_id},
        {"email", &p.email}}) {
    if (auto s = CheckText(name, *v, kMaxFreeText, /*optional=*/true); !s.ok()) return s;
  }
  for (const auto& [name, v] :
       {std::pair<const char*, int64_t>{"sub_total", p.sub_total_minor},
        {"item_discount", p.item_discount_minor},
        {"sale_discount", p.sale_discount_minor},
        {"tax", p.tax_minor},
        {"refund_amount", p.refund_minor},
        {"amount_paid", p.paid_minor}}) {
    if (std::llabs(v) > kMaxAbsMinorUnits) return FieldError(name, "is out of range");
  }
  if (p.lines.empty()) return FieldError("lines", "a purchase has at least one line");
  if (p.lines.size() > kMaxPurchaseLines) {
    return FieldError("lines", absl::StrCat("at most ", kMaxPurchaseLines));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidatePurchase(const Purchase& p, absl::Time now) {
  if (auto s = CheckHeaderFields(p, now); !s.ok()) return s;
  std::set<int32_t> numbers;
  for (size_t i = 0; i < p.lines.size(); ++i) {
    const std::string f = absl::StrCat("lines[", i, "].");
    if (auto s = CheckLineFields(f, p.lines[i]); !s.ok()) return s;
    if (!numbers.insert(p.lines[i].line_no).second) {
      return FieldError(f + "line_no",
                        absl::StrCat(p.lines[i].line_no, " is used twice"));
    }
  }

  FigureCheck check(p.currency);
  int64_t sub_total = 0, item_discount = 0, sale_discount = 0, refund = 0;
  for (size_t i = 0; i < p.lines.size(); ++i) {
    const PurchaseLine& l = p.lines[i];
    const std::string f = absl::StrCat("lines[", i, "].");
    // Rounded half away from zero, so a refund mirrors its sale exactly.
    auto extended = MulDivRound(l.quantity_milli, l.unit_price_minor, kMilliPerUnit,
                                Rounding::kHalfUp);
    if (!extended.ok()) return FieldError(f + "extended_price", "is out of range");
    check.Expect(
        f + "extended_price", l.extended_minor, *extended,
        absl::StrCat("quantity ", FormatQuantity(l.quantity_milli), " x unit price ",
                     FormatMoney(l.unit_price_minor, p.currency), " is"));
    if (std::llabs(l.item_discount_minor + l.sale_discount_minor) >
        std::llabs(*extended)) {
      return FieldError(f + "item_discount",
                        "the line's discounts are larger than its extended price");
    }
    if (l.is_refund) {
      refund += l.net_minor();
    } else {
      sub_total += l.extended_minor;
      item_discount += l.item_discount_minor;
      sale_discount += l.sale_discount_minor;
    }
  }
  check.Expect("sub_total", p.sub_total_minor, sub_total,
               "the sale lines' extended prices add up to");
  check.Expect("item_discount", p.item_discount_minor, item_discount,
               "the sale lines' item discounts add up to");
  check.Expect("sale_discount", p.sale_discount_minor, sale_discount,
               "the sale lines' shares of it add up to");
  check.Expect("refund_amount", p.refund_minor, refund,
               "the refund lines' net amounts add up to");
  if (p.prices_include_tax) {
    // Informational then: it cannot exceed what it is part of.
    const int64_t net = sub_total - item_discount - sale_discount + refund;
    if (std::llabs(p.tax_minor) > std::llabs(net)) {
      return FieldError("tax", "is larger than the amount it is included in");
    }
    check.Expect("amount_paid", p.paid_minor, net,
                 "sub_total - discounts + refund_amount (tax included) is");
  } else {
    check.Expect("amount_paid", p.paid_minor,
                 sub_total - item_discount - sale_discount + refund + p.tax_minor,
                 "sub_total - discounts + refund_amount + tax is");
  }
  return check.Result();
}

absl::StatusOr<std::vector<int64_t>> SaleLinePoints(const LoyaltyConfig& config,
                                                    const Purchase& purchase,
                                                    bool has_customer) {
  std::vector<int64_t> points(purchase.lines.size(), 0);
  if (!has_customer || config.earn_points == 0) return points;
  const std::set<std::string> excluded(config.excluded_skus.begin(),
                                       config.excluded_skus.end());
  std::vector<int64_t> weights(purchase.lines.size(), 0);
  int64_t eligible = 0;
  for (size_t i = 0; i < purchase.lines.size(); ++i) {
    const PurchaseLine& l = purchase.lines[i];
    if (l.is_refund || excluded.count(l.sku) || l.net_minor() <= 0) continue;
    weights[i] = l.net_minor();
    eligible += l.net_minor();
  }
  auto total = PointsForAmount(config, eligible);
  if (!total.ok()) return total.status();
  if (*total == 0) return points;
  return Apportion(*total, weights);
}

absl::StatusOr<int64_t> RefundLineReversal(const std::string& field,
                                           const PurchaseLine& refund,
                                           const RefundedLine& original) {
  if (refund.sku != original.sku) {
    return absl::FailedPreconditionError(absl::StrCat(
        field, " refunds SKU ", refund.sku, " but line ", refund.refunds_line_no, " of ",
        refund.refunds_transaction_id, " sold ", original.sku));
  }
  const int64_t now = -refund.quantity_milli;
  const int64_t left = original.quantity_milli - original.refunded_milli;
  if (now > left) {
    return absl::FailedPreconditionError(absl::StrCat(
        field, " refunds ", FormatQuantity(now), " of line ", refund.refunds_line_no,
        " of ", refund.refunds_transaction_id, ", but only ", FormatQuantity(left),
        " of ", FormatQuantity(original.quantity_milli), " are left to refund"));
  }
  const ReturnReversal r =
      ProportionalReversal(original.quantity_milli, original.refunded_milli, now,
                           original.points, /*redeemed=*/0);
  return r.earn_reversal;
}

}  // namespace tillstream
