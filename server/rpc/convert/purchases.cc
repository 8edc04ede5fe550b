#include "server/rpc/convert/purchases.h"

#include "absl/strings/str_cat.h"
#include "common/validation.h"
#include "server/rpc/convert/catalog.h"
#include "server/rpc/convert/wire.h"

namespace tillstream {

// The wire carries the domain's numbers (see purchases/purchases.h).
static_assert(static_cast<int>(pos::v1::CHANNEL_STORE) ==
                  static_cast<int>(PurchaseChannel::kStore) &&
              static_cast<int>(pos::v1::CHANNEL_WEB) ==
                  static_cast<int>(PurchaseChannel::kWeb) &&
              static_cast<int>(pos::v1::CHANNEL_MOBILE) ==
                  static_cast<int>(PurchaseChannel::kMobile) &&
              static_cast<int>(pos::v1::CHANNEL_OTHER) ==
                  static_cast<int>(PurchaseChannel::kOther));
namespace {

// Every amount must be in one currency: the one of amount_paid.
class Amounts {
 public:
  explicit Amounts(const std::string& currency) : currency_(currency) {}
  int64_t Take(const pos::v1::Money& m, const std::string& field) {
    if (status_.ok() && m.currency() != currency_) {
      status_ =
          FieldError(field + ".currency",
                     absl::StrCat("is '", m.currency(), "'; every amount must be in ",
                                  currency_, " like amount_paid"));
    }
    return m.minor_units();
  }
  const absl::Status& status() const { return status_; }

 private:
  const std::string currency_;
  absl::Status status_;
};

}  // namespace

absl::StatusOr<Purchase> FromProtoPurchase(const pos::v1::Purchase& in) {
  Purchase p;
  p.currency = in.amount_paid().currency();
  Amounts money(p.currency);
  p.source = in.source();
  p.external_transaction_id = in.external_transaction_id();
  p.store_id = in.store_id();
  p.purchase_time =
      in.has_purchase_time() ? FromTimestamp(in.purchase_time()) : absl::UnixEpoch();
  if (in.channel() < pos::v1::CHANNEL_STORE || in.channel() > pos::v1::CHANNEL_OTHER) {
    return FieldError("channel", "must be STORE, WEB, MOBILE or OTHER");
  }
  p.channel = static_cast<PurchaseChannel>(static_cast<int>(in.channel()));
  p.order_type = in.order_type();
  p.pay_method = in.pay_method();
  p.member_id = in.member_id();
  p.external_customer_id = in.external_customer_id();
  p.email = in.email();
  p.sub_total_minor = money.Take(in.sub_total(), "sub_total");
  p.item_discount_minor = money.Take(in.item_discount(), "item_discount");
  p.sale_discount_minor = money.Take(in.sale_discount(), "sale_discount");
  p.tax_minor = money.Take(in.tax(), "tax");
  p.refund_minor = money.Take(in.refund_amount(), "refund_amount");
  p.paid_minor = money.Take(in.amount_paid(), "amount_paid");
  p.prices_include_tax = in.prices_include_tax();
  for (int i = 0; i < in.lines_size(); ++i) {
    const auto& l = in.lines(i);
    const std::string f = absl::StrCat("lines[", i, "].");
    PurchaseLine line;
    line.line_no = l.line_no();
    line.sku = l.sku();
    line.name = l.name();
    line.quantity_milli = l.quantity().milli();
    auto unit = FromProtoUom(l.quantity().unit());
    if (!unit.ok()) return FieldError(f + "quantity.unit", unit.status().message());
    line.unit = *unit;
    line.unit_price_minor = money.Take(l.unit_price(), f + "unit_price");
    line.extended_minor = money.Take(l.extended_price(), f + "extended_price");
    line.item_discount_minor = money.Take(l.item_discount(), f + "item_discount");
    line.sale_discount_minor =
        money.Take(l.sale_discount_share(), f + "sale_discount_share");
    line.is_refund = l.is_refund();
    line.refunds_transaction_id = l.refunds_transaction_id();
    line.refunds_line_no = l.refunds_line_no();
    p.lines.push_back(std::move(line));
  }
  if (!money.status().ok()) return money.status();
  return p;
}

void ToProtoPurchaseRecord(const StoredPurchase& s, pos::v1::PurchaseRecord* out) {
  const Purchase& p = s.purchase;
  const std::string& cur = p.currency;
  out->set_org_id(s.org_id);
  out->set_purchase_id(s.purchase_id);
  out->set_customer_id(s.customer_id);
  out->set_business_date(s.business_date);
  out->set_points_earned(s.points_earned);
  out->set_points_reversed(s.points_reversed);
  SetTimestamp(s.recorded_at, out->mutable_recorded_at());
  out->set_replayed(s.replayed);
  auto* o = out->mutable_purchase();
  o->set_source(p.source);
  o->set_external_transaction_id(p.external_transaction_id);
  o->set_store_id(p.store_id);
  SetTimestamp(p.purchase_time, o->mutable_purchase_time());
  o->set_channel(static_cast<pos::v1::PurchaseChannel>(static_cast<int>(p.channel)));
  o->set_order_type(p.order_type);
  o->set_pay_method(p.pay_method);
  o->set_member_id(p.member_id);
  o->set_external_customer_id(p.external_customer_id);
  o->set_email(p.email);
  *o->mutable_sub_total() = ToMoney(p.sub_total_minor, cur);
  *o->mutable_item_discount() = ToMoney(p.item_discount_minor, cur);
  *o->mutable_sale_discount() = ToMoney(p.sale_discount_minor, cur);
  *o->mutable_tax() = ToMoney(p.tax_minor, cur);
  *o->mutable_refund_amount() = ToMoney(p.refund_minor, cur);
  *o->mutable_amount_paid() = ToMoney(p.paid_minor, cur);
  o->set_prices_include_tax(p.prices_include_tax);
  for (const PurchaseLine& l : p.lines) {
    auto* ol = o->add_lines();
    ol->set_line_no(l.line_no);
    ol->set_sku(l.sku);
    ol->set_name(l.name);
    ol->mutable_quantity()->set_milli(l.quantity_milli);
    ol->mutable_quantity()->set_unit(ToProtoUom(l.unit));
    *ol->mutable_unit_price() = ToMoney(l.unit_price_minor, cur);
    *ol->mutable_extended_price() = ToMoney(l.extended_minor, cur);
    *ol->mutable_item_discount() = ToMoney(l.item_discount_minor, cur);
    *ol->mutable_sale_discount_share() = ToMoney(l.sale_discount_minor, cur);
    ol->set_is_refund(l.is_refund);
    ol->set_refunds_transaction_id(l.refunds_transaction_id);
    ol->set_refunds_line_no(l.refunds_line_no);
  }
}

}  // namespace tillstream
