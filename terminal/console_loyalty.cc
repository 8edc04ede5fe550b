// The console's customer commands: look-up, enrolment, points and coupons
// as tenders, tagging an earlier bill.
#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/customer_lookup.h"
#include "common/ids.h"
#include "common/money.h"
#include "terminal/console.h"

namespace tillstream {

void Console::UseCustomer(const pos::v1::CustomerProfile& p, const std::string& id) {
  register_.set_customer_id(p.customer().customer_id());
  Say(absl::StrCat("customer ", p.customer().name().empty() ? "-" : p.customer().name(),
                   " (", id, ")  points ", p.points().available(), "  coupons ",
                   p.coupons_size()));
  for (const auto& c : p.coupons()) {
    Say(absl::StrCat("  coupon ", c.code(), " ", c.series_name(), " ",
                     FormatMoney(c.value().minor_units(), currency()), " until ",
                     c.valid_until()));
  }
}

void Console::LookUp(const std::string& id) {
  pos::v1::TillRequest request;
  *request.mutable_customer_lookup() = ParseCustomerLookup(id);
  auto r = Ask(request);
  if (!r.ok()) {
    if (r.status().code() == absl::StatusCode::kNotFound) {
      return Say(
          absl::StrCat("! customer ", id, " is not enrolled: enrol ", id, " NAME"));
    }
    return Say(absl::StrCat("! customer ", id, ": ", r.status().message()));
  }
  UseCustomer(r->customer(), id);
}

void Console::Enrol(const std::vector<std::string>& words) {
  const pos::v1::CustomerLookup key = ParseCustomerLookup(words[1]);
  pos::v1::TillRequest request;
  auto* e = request.mutable_enrol_customer();
  e->set_mobile(key.mobile());
  e->set_email(key.email());
  e->set_card_number(key.card_number());
  e->set_external_id(key.external_id());
  e->set_name(absl::StrJoin(words.begin() + 2, words.end(), " "));
  // A fixed id makes a retried enrolment find its first attempt.
  e->set_customer_id(NewUuid());
  auto r = Ask(request);
  if (!r.ok()) return Say(absl::StrCat("! enrol ", words[1], ": ", r.status().message()));
  Say(r->customer().existed() ? "customer existed: updated" : "customer enrolled");
  UseCustomer(r->customer(), words[1]);
}

void Console::PayPoints(const std::string& arg) {
  if (register_.empty()) return Say("! nothing to pay: scan items first");
  if (register_.customer_id().empty()) return Say("! points need a customer first");
  int64_t points = 0;
  if (!absl::SimpleAtoi(arg, &points) || points <= 0) {
    return Say("! points needs a positive number");
  }
  if (register_.has_discounts() && !register_.quoted() && !Quote()) return;
  pos::v1::TillRequest request;
  request.mutable_check_points()->set_customer_id(register_.customer_id());
  request.mutable_check_points()->set_points(points);
  auto r = Ask(request);
  if (!r.ok()) return Say(absl::StrCat("! points: ", r.status().message()));
  const auto& check = r->points_check();
  if (!check.redeemable()) return Say(absl::StrCat("! points: ", check.reason()));
  pos::v1::TenderInput tender;
  tender.set_type(pos::v1::POINTS);
  *tender.mutable_amount() = check.value();
  tender.set_reference(check.validation_code());
  register_.AddTender(tender);
  Say(absl::StrCat(
      points, " points pay ", FormatMoney(check.value().minor_units(), currency()),
      check.validation_code().empty()
          ? ""
          : absl::StrCat(" (code ", check.validation_code(), ")"),
      "; due ", FormatMoney(register_.Total() - register_.Tendered(), currency())));
}

void Console::PayCoupon(const std::string& code) {
  if (register_.empty()) return Say("! nothing to pay: scan items first");
  if (register_.has_discounts() && !register_.quoted() && !Quote()) return;
  const int64_t due = register_.Total() - register_.Tendered();
  pos::v1::TillRequest request;
  request.mutable_check_coupon()->set_code(code);
  request.mutable_check_coupon()->set_customer_id(register_.customer_id());
  auto r = Ask(request);
  if (!r.ok()) return Say(absl::StrCat("! coupon ", code, ": ", r.status().message()));
  const auto& check = r->coupon_check();
  if (!check.redeemable()) return Say(absl::StrCat("! coupon: ", check.reason()));
  pos::v1::TenderInput tender;
  tender.set_type(pos::v1::COUPON);
  tender.mutable_amount()->set_minor_units(
      std::min(due, check.coupon().value().minor_units()));
  tender.mutable_amount()->set_currency(currency());
  tender.set_reference(code);
  register_.AddTender(tender);
  Say(absl::StrCat("coupon ", code, " pays ",
                   FormatMoney(tender.amount().minor_units(), currency()), "; due ",
                   FormatMoney(register_.Total() - register_.Tendered(), currency())));
}

void Console::Tag(const std::string& which, const std::string& id) {
  const std::string bill_id = EarlierBill(which);
  if (bill_id.empty()) return Say("! no bill recorded yet to tag");
  pos::v1::TillRequest lookup;
  *lookup.mutable_customer_lookup() = ParseCustomerLookup(id);
  auto found = Ask(lookup);
  if (!found.ok()) {
    return Say(absl::StrCat("! customer ", id, ": ", found.status().message()));
  }
  pos::v1::TillRequest request;
  request.mutable_tag_bill()->set_bill_id(bill_id);
  request.mutable_tag_bill()->set_customer_id(found->customer().customer().customer_id());
  auto r = Ask(request);
  if (!r.ok()) return Say(absl::StrCat("! tag ", bill_id, ": ", r.status().message()));
  Say(absl::StrCat("tagged bill ", r->bill().bill_number(), " to ", id, ": earned ",
                   r->bill().loyalty().points_earned(), " points, status ",
                   pos::v1::BillStatus_Name(r->bill().status())));
}

}  // namespace tillstream
