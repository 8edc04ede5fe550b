#include "server/rpc/convert/reports.h"

#include "server/rpc/convert/customers.h"
#include "server/rpc/convert/loyalty.h"
#include "server/rpc/convert/wire.h"

namespace tillstream {

pos::v1::CustomerProfile ToProtoProfile(const CustomerProfile& profile,
                                        const std::string& currency, bool existed) {
  pos::v1::CustomerProfile p;
  *p.mutable_customer() = ToProtoCustomer(profile.customer);
  auto* points = p.mutable_points();
  points->set_earned(profile.points.earned);
  points->set_redeemed(profile.points.redeemed);
  points->set_expired(profile.points.expired);
  points->set_adjusted(profile.points.adjusted);
  points->set_available(profile.points.available);
  for (const BillSummary& b : profile.last_bills) {
    auto* s = p.add_last_bills();
    s->set_bill_id(b.bill_id);
    s->set_bill_number(b.bill_number);
    s->set_store_id(b.store_id);
    s->set_till_id(b.till_id);
    SetTimestamp(b.billing_time, s->mutable_billing_time());
    *s->mutable_total() = ToMoney(b.total_minor, b.currency);
    s->set_line_count(b.line_count);
    s->set_status(static_cast<pos::v1::BillStatus>(static_cast<int>(b.status)));
  }
  for (const CouponState& c : profile.coupons)
    *p.add_coupons() = ToProtoCoupon(c, currency);
  p.set_existed(existed);
  return p;
}

void ToProtoDaySummary(const DaySummary& summary, pos::v1::DaySummaryResponse* resp) {
  const std::string& cur = summary.currency;
  resp->set_org_id(summary.org_id);
  resp->set_business_date(summary.business_date);
  int64_t bills = 0, lines = 0, total = 0, tax = 0;
  for (const TillDayFigures& t : summary.tills) {
    auto* out = resp->add_tills();
    out->set_store_id(t.store_id);
    out->set_till_id(t.till_id);
    out->set_bills(t.bills);
    out->set_lines(t.lines);
    *out->mutable_total() = ToMoney(t.total_minor, cur);
    *out->mutable_tax() = ToMoney(t.tax_minor, cur);
    bills += t.bills;
    lines += t.lines;
    total += t.total_minor;
    tax += t.tax_minor;
  }
  for (const auto& [type, amount] : summary.tenders) {
    auto* out = resp->add_tenders();
    out->set_type(static_cast<pos::v1::TenderType>(static_cast<int>(type)));
    *out->mutable_amount() = ToMoney(amount, cur);
  }
  for (const StatusFigures& f : summary.statuses) {
    auto* out = resp->add_statuses();
    out->set_status(static_cast<pos::v1::BillStatus>(static_cast<int>(f.status)));
    out->set_bills(f.bills);
    *out->mutable_total() = ToMoney(f.total_minor, cur);
  }
  resp->set_returns(summary.returns);
  *resp->mutable_refunded() = ToMoney(summary.refunded_minor, cur);
  const LoyaltyDayFigures& l = summary.loyalty;
  auto* loyalty = resp->mutable_loyalty();
  loyalty->set_points_earned(l.points_earned);
  loyalty->set_points_redeemed(l.points_redeemed);
  loyalty->set_points_reversed(l.points_reversed);
  loyalty->set_points_refunded(l.points_refunded);
  loyalty->set_coupons_redeemed(l.coupons_redeemed);
  *loyalty->mutable_coupon_amount() = ToMoney(l.coupon_amount_minor, cur);
  loyalty->set_customer_bills(l.customer_bills);
  loyalty->set_bills_tagged(l.bills_tagged);
  const InvoiceDayFigures& inv = summary.invoices;
  auto* invoices = resp->mutable_invoices();
  invoices->set_committed(inv.committed);
  *invoices->mutable_invoiced() = ToMoney(inv.invoiced_minor, cur);
  *invoices->mutable_paid() = ToMoney(inv.paid_minor, cur);
  *invoices->mutable_scheduled() = ToMoney(inv.scheduled_minor, cur);
  invoices->set_items_redeemed(inv.items_redeemed);
  const PurchaseDayFigures& pur = summary.purchases;
  auto* purchases = resp->mutable_purchases();
  purchases->set_purchases(pur.purchases);
  purchases->set_with_refunds(pur.with_refunds);
  purchases->set_customer_purchases(pur.customer_purchases);
  *purchases->mutable_paid() = ToMoney(pur.paid_minor, cur);
  *purchases->mutable_refunded() = ToMoney(pur.refunded_minor, cur);
  purchases->set_points_earned(pur.points_earned);
  purchases->set_points_reversed(pur.points_reversed);
  for (const OfflineBillNote& n : summary.offline_bills) {
    auto* o = resp->add_offline_bills();
    o->set_bill_id(n.bill_id);
    o->set_store_id(n.store_id);
    o->set_till_id(n.till_id);
    o->set_bill_number(n.bill_number);
    SetTimestamp(n.billing_time, o->mutable_billing_time());
    *o->mutable_total() = ToMoney(n.total_minor, cur);
    o->set_catalog_version(n.catalog_version);
    for (const auto& w : n.warnings) o->add_warnings(w);
  }
  resp->set_bills(bills);
  resp->set_lines(lines);
  *resp->mutable_total() = ToMoney(total, cur);
  *resp->mutable_tax() = ToMoney(tax, cur);
}

}  // namespace tillstream
