#include "server/rpc/convert/sales.h"

#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "common/money.h"
#include "common/validation.h"
#include "server/rpc/convert/catalog.h"
#include "server/rpc/convert/wire.h"

namespace tillstream {

static_assert(Same(pos::v1::REGULAR, BillStatus::kRegular) &&
              Same(pos::v1::NOT_INTERESTED, BillStatus::kNotInterested) &&
              Same(pos::v1::OUTLIER, BillStatus::kOutlier) &&
              Same(pos::v1::TEST, BillStatus::kTest) &&
              Same(pos::v1::DELETED, BillStatus::kDeleted));
static_assert(Same(pos::v1::CASH, TenderType::kCash) &&
              Same(pos::v1::CARD, TenderType::kCard) &&
              Same(pos::v1::VOUCHER, TenderType::kVoucher) &&
              Same(pos::v1::OTHER, TenderType::kOther) &&
              Same(pos::v1::POINTS, TenderType::kPoints) &&
              Same(pos::v1::COUPON, TenderType::kCoupon));
static_assert(Same(pos::v1::FULL, ReturnType::kFull) &&
              Same(pos::v1::LINE_ITEM, ReturnType::kLineItem) &&
              Same(pos::v1::AMOUNT, ReturnType::kAmount));
static_assert(Same(pos::v1::SALE, BillType::kSale) &&
              Same(pos::v1::RETURN, BillType::kReturn));
static_assert(Same(pos::v1::SCOPE_ORG, UniquenessScope::kOrg) &&
              Same(pos::v1::SCOPE_STORE, UniquenessScope::kStore) &&
              Same(pos::v1::SCOPE_TILL, UniquenessScope::kTill));
static_assert(Same(pos::v1::FLAG, OutOfRangeAction::kFlag) &&
              Same(pos::v1::REJECT, OutOfRangeAction::kReject));

absl::StatusOr<TenderType> FromProtoTenderType(pos::v1::TenderType type) {
  switch (type) {
    case pos::v1::CASH:
      return TenderType::kCash;
    case pos::v1::CARD:
      return TenderType::kCard;
    case pos::v1::VOUCHER:
      return TenderType::kVoucher;
    case pos::v1::OTHER:
      return TenderType::kOther;
    case pos::v1::POINTS:
      return TenderType::kPoints;
    case pos::v1::COUPON:
      return TenderType::kCoupon;
    default:
      return FieldError("type", "must be CASH, CARD, VOUCHER, OTHER, POINTS or COUPON");
  }
}

pos::v1::PricedLine ToProtoLine(const PricedLine& line, const std::string& currency) {
  pos::v1::PricedLine p;
  p.set_line_no(line.line_no);
  p.set_sku(line.sku);
  p.set_barcode(line.barcode);
  p.set_name(line.name);
  p.mutable_quantity()->set_milli(line.quantity_milli);
  p.mutable_quantity()->set_unit(ToProtoUom(line.uom));
  *p.mutable_unit_price() = ToMoney(line.unit_price_minor, currency);
  *p.mutable_amount() = ToMoney(line.amount_minor, currency);
  p.set_tax_rate_bp(line.tax_rate_bp);
  *p.mutable_tax() = ToMoney(line.tax_minor, currency);
  *p.mutable_gross() = ToMoney(line.gross_minor, currency);
  *p.mutable_item_discount() = ToMoney(line.item_discount_minor, currency);
  *p.mutable_sale_discount() = ToMoney(line.sale_discount_minor, currency);
  p.set_original_line_no(line.original_line_no);
  return p;
}

pos::v1::BillReceipt ToProtoReceipt(const StoredBill& stored) {
  const Bill& b = stored.bill;
  pos::v1::BillReceipt r;
  r.set_bill_id(b.bill_id);
  r.set_bill_number(b.bill_number);
  r.set_org_id(b.org_id);
  r.set_store_id(b.store_id);
  r.set_till_id(b.till_id);
  SetTimestamp(b.billing_time, r.mutable_billing_time());
  r.set_business_date(b.business_date);
  for (const PricedLine& l : b.lines) *r.add_lines() = ToProtoLine(l, b.currency);
  *r.mutable_total() = ToMoney(b.total_minor, b.currency);
  *r.mutable_tax_total() = ToMoney(b.tax_minor, b.currency);
  for (const Tender& t : b.tenders) {
    pos::v1::Tender* pt = r.add_tenders();
    pt->set_type(static_cast<pos::v1::TenderType>(static_cast<int>(t.type)));
    *pt->mutable_amount() = ToMoney(t.amount_minor, b.currency);
    pt->set_reference(t.reference);
  }
  *r.mutable_tendered() = ToMoney(b.tendered_minor, b.currency);
  *r.mutable_change() = ToMoney(b.change_minor, b.currency);
  r.set_customer_id(b.customer_id);
  r.set_replayed(stored.replayed);
  r.set_status(static_cast<pos::v1::BillStatus>(static_cast<int>(b.status)));
  *r.mutable_subtotal() = ToMoney(b.subtotal_minor, b.currency);
  *r.mutable_discount_total() = ToMoney(b.discount_minor, b.currency);
  r.set_type(b.type == BillType::kReturn ? pos::v1::RETURN : pos::v1::SALE);
  r.set_original_bill_id(b.original_bill_id);
  if (b.return_type) {
    r.set_return_type(static_cast<pos::v1::ReturnType>(static_cast<int>(*b.return_type)));
  }
  for (const std::string& w : b.warnings) r.add_warnings(w);
  SetTimestamp(stored.received_at, r.mutable_received_at());
  const LoyaltyEffects& fx = b.loyalty;
  if (!fx.empty() || fx.balance_after != 0) {
    auto* l = r.mutable_loyalty();
    l->set_points_earned(fx.earn_points);
    l->set_points_redeemed(fx.redeem_points);
    l->set_points_reversed(fx.earn_reversal);
    l->set_points_refunded(fx.redeem_refund);
    l->set_balance_after(fx.balance_after);
    if (fx.points_value_minor != 0) {
      *l->mutable_points_value() = ToMoney(fx.points_value_minor, b.currency);
    }
    for (const CouponUse& c : fx.coupons) l->add_coupons(c.code);
  }
  if (!b.tagged_by.empty()) {
    r.set_tagged_by(b.tagged_by);
    SetTimestamp(b.tagged_at, r.mutable_tagged_at());
  }
  r.set_cashier_id(b.cashier_id);
  r.set_approved_by(b.approved_by);
  r.set_catalog_id(b.catalog_id);
  r.set_catalog_version(b.catalog_version);
  r.set_offline(b.offline);
  return r;
}

absl::StatusOr<BillInput> FromProtoBill(const pos::v1::SubmitBill& bill) {
  // The till's total also names the bill's currency.
  if (!bill.has_client_total()) return FieldError("client_total", "is required");
  BillInput in;
  in.bill_id = IsUuid(bill.bill_id()) ? CanonicalUuid(bill.bill_id()) : bill.bill_id();
  in.bill_number = bill.bill_number();
  in.cashier_session_id = bill.cashier_session_id();
  in.approval_id = bill.approval_id();
  if (bill.has_offline()) {
    in.offline =
        OfflineSale{bill.offline().catalog_id(), bill.offline().catalog_version()};
  }
  if (!bill.has_billing_time()) return FieldError("billing_time", "is required");
  if (bill.billing_time().nanos() < 0 || bill.billing_time().nanos() > 999999999 ||
      bill.billing_time().seconds() < 0 ||
      bill.billing_time().seconds() > 253402300799) {  // 9999-12-31
    return FieldError("billing_time", "is not a valid timestamp");
  }
  in.billing_time = FromTimestamp(bill.billing_time());
  const std::string& currency = bill.client_total().currency();
  for (int i = 0; i < bill.lines_size(); ++i) {
    const auto& l = bill.lines(i);
    if (l.has_discount() && l.discount().currency() != currency) {
      return FieldError(absl::StrCat("lines[", i, "].discount.currency"),
                        absl::StrCat("is '", l.discount().currency(),
                                     "' but the bill is in '", currency, "'"));
    }
    in.lines.push_back(BillLineInput{l.line_no(), l.sku(), l.quantity_milli(),
                                     l.discount().minor_units()});
  }
  if (bill.has_return_of()) {
    const pos::v1::ReturnOf& r = bill.return_of();
    ReturnRequest req;
    switch (r.original_case()) {
      case pos::v1::ReturnOf::kBillId:
        req.original.bill_id =
            IsUuid(r.bill_id()) ? CanonicalUuid(r.bill_id()) : r.bill_id();
        if (req.original.bill_id.empty()) {
          return FieldError("return_of.bill_id", "is required");
        }
        break;
      case pos::v1::ReturnOf::kByNumber:
        req.original.store_id = r.by_number().store_id();
        req.original.bill_number = r.by_number().bill_number();
        req.original.business_date = r.by_number().business_date();
        break;
      default:
        return FieldError("return_of", "needs the original's bill_id or by_number");
    }
    switch (r.type()) {
      case pos::v1::FULL:
        req.type = ReturnType::kFull;
        break;
      case pos::v1::LINE_ITEM:
        req.type = ReturnType::kLineItem;
        break;
      case pos::v1::AMOUNT:
        req.type = ReturnType::kAmount;
        break;
      default:
        return FieldError("return_of.type", "must be FULL, LINE_ITEM or AMOUNT");
    }
    for (int i = 0; i < r.lines_size(); ++i) {
      const auto& l = r.lines(i);
      if (l.has_amount() && l.amount().currency() != currency) {
        return FieldError(absl::StrCat("return_of.lines[", i, "].amount.currency"),
                          absl::StrCat("must be ", currency));
      }
      req.lines.push_back(ReturnLineRequest{l.original_line_no(), l.quantity_milli(),
                                            l.amount().minor_units()});
    }
    if (r.has_amount()) {
      if (r.amount().currency() != currency) {
        return FieldError("return_of.amount.currency",
                          absl::StrCat("must be ", currency));
      }
      req.amount_minor = r.amount().minor_units();
    }
    req.reason = r.reason();
    in.return_of = std::move(req);
  }
  if (bill.has_sale_discount()) {
    if (bill.sale_discount().currency() != currency) {
      return FieldError("sale_discount.currency",
                        absl::StrCat("is '", bill.sale_discount().currency(),
                                     "' but the bill is in '", currency, "'"));
    }
    in.sale_discount_minor = bill.sale_discount().minor_units();
  }
  for (int i = 0; i < bill.tenders_size(); ++i) {
    const auto& t = bill.tenders(i);
    const std::string field = absl::StrCat("tenders[", i, "]");
    auto type = FromProtoTenderType(t.type());
    if (!type.ok())
      return FieldError(field + ".type", "must be CASH, CARD, VOUCHER, OTHER or POINTS");
    if (t.amount().currency() != bill.client_total().currency()) {
      return FieldError(
          field + ".amount.currency",
          absl::StrCat("is '", t.amount().currency(), "' but the bill is in '",
                       bill.client_total().currency(), "'"));
    }
    in.tenders.push_back(Tender{*type, t.amount().minor_units(), t.reference()});
  }
  in.client_currency = bill.client_total().currency();
  in.client_total_minor = bill.client_total().minor_units();
  in.customer_id =
      IsUuid(bill.customer_id()) ? CanonicalUuid(bill.customer_id()) : bill.customer_id();
  return in;
}

pos::v1::BillingConfigVersion ToProtoBillingConfig(const BillingConfigVersion& v,
                                                   const std::string& currency) {
  pos::v1::BillingConfigVersion out;
  out.set_org_id(v.org_id);
  out.set_version(v.version);
  out.set_changed_by(v.changed_by);
  if (v.version > 0) SetTimestamp(v.changed_at, out.mutable_changed_at());
  out.set_reason(v.reason);
  const BillingConfig& c = v.config;
  pos::v1::BillingConfig* p = out.mutable_config();
  p->set_bill_number_required(c.bill_number_required);
  p->set_bill_number_pattern(c.bill_number_pattern);
  p->set_bill_number_unique(c.bill_number_unique);
  p->set_unique_scope(
      static_cast<pos::v1::UniquenessScope>(static_cast<int>(c.unique_scope)));
  p->set_unique_window_days(c.unique_window_days);
  if (c.min_amount_minor)
    *p->mutable_min_amount() = ToMoney(*c.min_amount_minor, currency);
  if (c.max_amount_minor)
    *p->mutable_max_amount() = ToMoney(*c.max_amount_minor, currency);
  p->set_out_of_range_action(
      static_cast<pos::v1::OutOfRangeAction>(static_cast<int>(c.out_of_range_action)));
  for (const auto& prefix : c.outlier_prefixes)
    p->add_outlier_bill_number_prefixes(prefix);
  for (const auto& store : c.outlier_store_ids) p->add_outlier_store_ids(store);
  p->set_test_mode(c.test_mode);
  p->set_earliest_billing_date(absl::FormatCivilTime(c.earliest_billing_date));
  p->set_prices_exclude_tax(c.prices_exclude_tax);
  p->set_return_bill_number_unique(c.return_bill_number_unique);
  p->set_require_cashier(c.require_cashier);
  p->set_supervisor_discount_bp(c.supervisor_discount_bp);
  p->set_offline_price_grace_seconds(c.offline_price_grace_seconds);
  p->set_tax_rounding(c.tax_rounding == Rounding::kHalfEven ? pos::v1::HALF_EVEN
                                                            : pos::v1::HALF_UP);
  return out;
}

absl::StatusOr<BillingConfig> FromProtoBillingConfig(const pos::v1::BillingConfig& p,
                                                     const std::string& currency) {
  BillingConfig c;
  c.bill_number_required = p.bill_number_required();
  c.bill_number_pattern = p.bill_number_pattern();
  c.bill_number_unique = p.bill_number_unique();
  switch (p.unique_scope()) {
    case pos::v1::SCOPE_ORG:
      c.unique_scope = UniquenessScope::kOrg;
      break;
    case pos::v1::SCOPE_STORE:
      c.unique_scope = UniquenessScope::kStore;
      break;
    case pos::v1::SCOPE_TILL:
      c.unique_scope = UniquenessScope::kTill;
      break;
    default:
      if (p.bill_number_unique()) {
        return FieldError("config.unique_scope",
                          "must be SCOPE_ORG, SCOPE_STORE or SCOPE_TILL");
      }
  }
  c.unique_window_days = p.unique_window_days() == 0 ? 30 : p.unique_window_days();
  if (p.has_min_amount()) {
    if (p.min_amount().currency() != currency) {
      return FieldError("config.min_amount.currency", absl::StrCat("must be ", currency));
    }
    c.min_amount_minor = p.min_amount().minor_units();
  }
  if (p.has_max_amount()) {
    if (p.max_amount().currency() != currency) {
      return FieldError("config.max_amount.currency", absl::StrCat("must be ", currency));
    }
    c.max_amount_minor = p.max_amount().minor_units();
  }
  switch (p.out_of_range_action()) {
    case pos::v1::REJECT:
      c.out_of_range_action = OutOfRangeAction::kReject;
      break;
    case pos::v1::FLAG:
    case pos::v1::OUT_OF_RANGE_ACTION_UNSPECIFIED:
      c.out_of_range_action = OutOfRangeAction::kFlag;
      break;
    default:
      return FieldError("config.out_of_range_action", "must be FLAG or REJECT");
  }
  c.outlier_prefixes.assign(p.outlier_bill_number_prefixes().begin(),
                            p.outlier_bill_number_prefixes().end());
  c.outlier_store_ids.assign(p.outlier_store_ids().begin(), p.outlier_store_ids().end());
  c.test_mode = p.test_mode();
  if (!p.earliest_billing_date().empty() &&
      (p.earliest_billing_date().size() != 10 ||
       !absl::ParseCivilTime(p.earliest_billing_date(), &c.earliest_billing_date))) {
    return FieldError("config.earliest_billing_date", "must be a date like 1995-01-01");
  }
  c.prices_exclude_tax = p.prices_exclude_tax();
  c.return_bill_number_unique = p.return_bill_number_unique();
  c.require_cashier = p.require_cashier();
  c.supervisor_discount_bp = p.supervisor_discount_bp();
  if (p.offline_price_grace_seconds() != 0) {
    c.offline_price_grace_seconds = p.offline_price_grace_seconds();
  }
  switch (p.tax_rounding()) {
    case pos::v1::HALF_EVEN:
      c.tax_rounding = Rounding::kHalfEven;
      break;
    case pos::v1::HALF_UP:
    case pos::v1::TAX_ROUNDING_UNSPECIFIED:
      c.tax_rounding = Rounding::kHalfUp;
      break;
    default:
      return FieldError("config.tax_rounding", "must be HALF_UP or HALF_EVEN");
  }
  return c;
}

}  // namespace tillstream
