#include "server/usecases/till_session.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/business_date.h"
#include "common/identifiers.h"
#include "common/ids.h"
#include "common/money.h"
#include "common/validation.h"
#include "server/domain/catalog/catalog_repository.h"
#include "server/domain/customers/customer_repository.h"
#include "server/domain/customers/masking.h"
#include "server/domain/loyalty/loyalty_repository.h"
#include "server/domain/org/org_repository.h"
#include "server/domain/sales/bill_input.h"
#include "server/domain/sales/bill_repository.h"
#include "server/domain/sales/billing_config_repository.h"
#include "server/domain/sales/fingerprint.h"
#include "server/domain/sales/loyalty_basis.h"
#include "server/domain/sales/pricing.h"
#include "server/domain/sales/returns.h"
#include "server/domain/sales/settlement.h"
#include "server/usecases/bill_staff.h"

namespace tillstream {

TillSession::TillSession(const Repositories& repos, Clock clock, GuessGuard* guesses,
                         CashierAccess* cashiers)
    : repos_(repos),
      clock_(clock),
      customers_(repos, clock),
      checks_(repos, clock),
      tagging_(repos, clock),
      voids_(repos, cashiers, std::move(clock)),
      guesses_(guesses),
      cashiers_(cashiers) {}

template <typename Call>
auto TillSession::Guessing(Call&& call) -> decltype(call()) {
  if (guesses_ == nullptr) return call();
  return guesses_->Guarded(absl::StrCat("till:", till_->org.org_id, "/",
                                        till_->store.store_id, "/", till_->till_id),
                           std::forward<Call>(call));
}

absl::Status TillSession::RequireHello() const {
  if (!till_) {
    return absl::FailedPreconditionError(
        "send hello with org_id, store_id and till_id before anything else");
  }
  return absl::OkStatus();
}

int64_t TillSession::RunningTotal() const {
  int64_t total = 0;
  for (const PricedLine& l : open_lines_) total += l.amount_minor;
  return total;
}

absl::StatusOr<TillContext> TillSession::Hello(const std::string& org_id,
                                               const std::string& store_id,
                                               const std::string& till_id) {
  if (auto s = CheckCode("hello.org_id", org_id); !s.ok()) return s;
  if (auto s = CheckCode("hello.store_id", store_id); !s.ok()) return s;
  if (auto s = CheckCode("hello.till_id", till_id); !s.ok()) return s;
  if (bound_ && !(*bound_ == TillIdentity{org_id, store_id, till_id})) {
    return absl::PermissionDeniedError(absl::StrCat(
        "this connection's certificate is till ", bound_->Describe(), "; hello named ",
        org_id, "/", store_id, "/", till_id, ": a till speaks only for itself"));
  }
  if (till_ && (till_->org.org_id != org_id || till_->store.store_id != store_id ||
                till_->till_id != till_id)) {
    return absl::FailedPreconditionError(
        absl::StrCat("this session already belongs to till ", till_->org.org_id, "/",
                     till_->store.store_id, "/", till_->till_id,
                     "; open a new session for another till"));
  }
  auto ctx = repos_.orgs->FindTill(org_id, store_id, till_id);
  if (!ctx.ok()) return ctx.status();
  till_ = *ctx;
  return *ctx;
}

absl::StatusOr<ScanResult> TillSession::Scan(const std::string& barcode,
                                             int64_t quantity_milli) {
  if (auto s = RequireHello(); !s.ok()) return s;
  if (auto s = CheckBarcode("scan.barcode", barcode); !s.ok()) return s;
  if (open_lines_.size() >= static_cast<size_t>(kMaxBillLines)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the bill already holds ", kMaxBillLines, " lines; submit it and start another"));
  }
  auto catalog = SellingCatalog(/*fresh=*/false);
  if (!catalog.ok()) return catalog.status();
  auto found = repos_.catalog->FindByBarcode(till_->org.org_id, *catalog, barcode);
  if (!found.ok()) return found.status();
  const CatalogItem* item = &found->items.front();
  auto rules = RulesForScans();
  if (!rules.ok()) return rules.status();
  auto line =
      PriceLine(*item, quantity_milli, next_line_no_, barcode, TaxPolicyOf(*rules));
  if (!line.ok()) return line.status();
  const int64_t total = RunningTotal() + line->amount_minor;
  if (total > kMaxAbsMinorUnits) {
    return absl::FailedPreconditionError(
        "this line would take the bill past the amount limit");
  }
  ++next_line_no_;
  open_lines_.push_back(*line);
  return ScanResult{*std::move(line), total};
}

absl::StatusOr<VoidResult> TillSession::Void(int32_t line_no) {
  if (auto s = RequireHello(); !s.ok()) return s;
  auto it = std::find_if(open_lines_.begin(), open_lines_.end(),
                         [&](const PricedLine& l) { return l.line_no == line_no; });
  if (it == open_lines_.end()) {
    return absl::NotFoundError(
        absl::StrCat("void_line.line_no ", line_no, " is not a line of the open bill"));
  }
  open_lines_.erase(it);
  return VoidResult{line_no, RunningTotal()};
}

absl::Status TillSession::Cancel() {
  if (auto s = RequireHello(); !s.ok()) return s;
  StartNextBill();
  return absl::OkStatus();
}

// Least privilege: the till gets what the cashier needs (the name, masked
// contact data, points, coupons), not the contact data or the bill history.
absl::StatusOr<CustomerProfile> TillSession::ForTill(absl::StatusOr<CustomerProfile> p) {
  if (!p.ok()) return p;
  p->customer = MaskedForTill(p->customer);
  p->last_bills.clear();
  return p;
}

absl::StatusOr<CustomerProfile> TillSession::Lookup(IdentifierKind kind,
                                                    const std::string& value) {
  if (auto s = RequireHello(); !s.ok()) return s;
  std::string field = absl::StrCat("customer_lookup.", IdentifierKindName(kind));
  std::replace(field.begin(), field.end(), ' ', '_');
  return ForTill(
      Guessing([&] { return customers_.Lookup(till_->org, field, kind, value); }));
}

absl::StatusOr<CustomerProfile> TillSession::LookupById(const std::string& customer_id) {
  if (auto s = RequireHello(); !s.ok()) return s;
  if (auto s = CheckUuid("customer_lookup.customer_id", customer_id); !s.ok()) return s;
  return ForTill(Guessing([&] { return customers_.Profile(till_->org, customer_id); }));
}

absl::StatusOr<std::pair<CustomerProfile, bool>> TillSession::Enrol(
    const Customer& customer) {
  if (auto s = RequireHello(); !s.ok()) return s;
  auto enrolled = customers_.Enrol(till_->org, "enrol_customer.", customer);
  if (!enrolled.ok()) return enrolled.status();
  auto profile = ForTill(std::move(enrolled->first));
  if (!profile.ok()) return profile.status();
  return std::make_pair(*std::move(profile), enrolled->second);
}

absl::StatusOr<PointsCheck> TillSession::CheckPoints(const std::string& customer_id,
                                                     int64_t points) {
  if (auto s = RequireHello(); !s.ok()) return s;
  return checks_.CheckPoints(till_->org, customer_id, points);
}

absl::StatusOr<CouponCheck> TillSession::CheckCoupon(const std::string& code,
                                                     const std::string& customer_id,
                                                     int64_t amount_minor) {
  if (auto s = RequireHello(); !s.ok()) return s;
  return Guessing(
      [&] { return checks_.CheckCoupon(till_->org, code, customer_id, amount_minor); });
}

absl::StatusOr<StoredBill> TillSession::TagBill(const std::string& bill_id,
                                                const std::string& customer_id) {
  if (auto s = RequireHello(); !s.ok()) return s;
  return tagging_.TagBill(
      till_->org, bill_id, customer_id,
      absl::StrCat("till ", till_->store.store_id, "/", till_->till_id));
}

absl::StatusOr<LoyaltyConfig> TillSession::LoyaltyRules() {
  auto rules = repos_.loyalty->GetLoyaltyConfig(till_->org.org_id);
  if (!rules.ok()) return rules.status();
  return rules->config;
}

absl::Status TillSession::PlanLoyalty(const LoyaltyConfig& config, const BillInput& in,
                                      const StoredBill* original,
                                      const ReturnHistory* history, Bill* bill) {
  if (original == nullptr) {
    auto effects = PlanSaleLoyalty(config, EarnBasisOf(*bill));
    if (!effects.ok()) return effects.status();
    bill->loyalty = *std::move(effects);
    bill->loyalty.checked_at = clock_();
    return absl::OkStatus();
  }
  int64_t refunded_before = 0;
  for (const auto& [line, returned] : history->by_line) {
    refunded_before += returned.amount_minor;
  }
  const ReturnReversal reversal = ProportionalReversal(
      original->bill.total_minor, refunded_before, -bill->total_minor,
      original->bill.loyalty.earn_points, original->bill.loyalty.redeem_points);
  bill->loyalty = LoyaltyEffects{};
  bill->loyalty.earn_reversal = reversal.earn_reversal;
  bill->loyalty.redeem_refund = reversal.redeem_refund;
  bill->loyalty.checked_at = clock_();
  // Points the original was paid with go back as points, not as money.
  int64_t points_tendered = 0;
  for (const Tender& t : in.tenders) {
    if (t.type == TenderType::kCoupon) {
      return absl::FailedPreconditionError(
          "a return pays nothing back as a coupon; use cash, card or voucher");
    }
    if (t.type == TenderType::kPoints) points_tendered += t.amount_minor;
  }
  const int64_t points_value = reversal.redeem_refund * config.point_value_minor;
  bill->loyalty.points_value_minor = points_value;
  if (points_tendered != points_value) {
    const std::string& cur = bill->currency;
    return absl::FailedPreconditionError(absl::StrCat(
        "this return gives back ", reversal.redeem_refund, " points (",
        FormatMoney(points_value, cur), " ", cur,
        ") of what the original paid with points: tender exactly that as POINTS and "
        "the rest otherwise (POINTS tendered: ",
        FormatMoney(points_tendered, cur), ")"));
  }
  return absl::OkStatus();
}

absl::StatusOr<BillingConfig> TillSession::RulesForScans() {
  const absl::Time now = clock_();
  if (!scan_rules_ || now - scan_rules_read_at_ > absl::Seconds(10)) {
    auto rules = repos_.billing->GetBillingConfig(till_->org.org_id);
    if (!rules.ok()) return rules.status();
    scan_rules_ = rules->config;
    scan_rules_read_at_ = now;
  }
  return *scan_rules_;
}

absl::StatusOr<std::string> TillSession::SellingCatalog(bool fresh) {
  const absl::Time now = clock_();
  // A store that may not sell is read again at once, so that enabling it or
  // publishing its catalog takes effect on the next scan.
  if (fresh || !store_ || now - store_read_at_ > absl::Seconds(2) || !can_sell_.ok()) {
    auto state = repos_.orgs->GetStore(till_->org.org_id, till_->store.store_id);
    if (!state.ok()) return state.status();
    store_ = *std::move(state);
    can_sell_ = CheckCanSell(*store_);
    store_read_at_ = now;
  }
  if (!can_sell_.ok()) return can_sell_;
  return store_->store.catalog_id;
}

absl::StatusOr<StoredBill> TillSession::ReplayOrRefuse(const BillInput& in,
                                                       absl::Status refusal) {
  const bool refused_for_now =
      absl::IsFailedPrecondition(refusal) || absl::IsInvalidArgument(refusal) ||
      absl::IsNotFound(refusal) || absl::IsPermissionDenied(refusal) ||
      absl::IsOutOfRange(refusal);
  if (!refused_for_now || !IsUuid(in.bill_id) || !till_) return refusal;
  auto stored = repos_.bills->GetBill(till_->org.org_id, in.bill_id);
  if (!stored.ok() || stored->bill.store_id != till_->store.store_id ||
      stored->bill.till_id != till_->till_id) {
    return refusal;
  }
  // Saving it again answers the original when the resend is the same
  // request, and refuses another bill under its id.
  auto replay = repos_.bills->SaveBill(stored->bill, BillFingerprint(*till_, in));
  if (!replay.ok()) return replay.status();
  StartNextBill();
  return replay;
}

absl::Status TillSession::CheckBill(const BillInput& in, bool for_quote,
                                    BillingConfig* config) {
  if (auto s = RequireHello(); !s.ok()) return s;
  if (auto s = ValidateBillInput(in, clock_()); !s.ok()) return s;
  auto rules = repos_.billing->GetBillingConfig(till_->org.org_id);
  if (!rules.ok()) return rules.status();
  *config = rules->config;
  scan_rules_ = rules->config;
  scan_rules_read_at_ = clock_();
  if (!(for_quote && in.bill_number.empty())) {
    if (auto s = CheckBillNumberRules(*config, in.bill_number); !s.ok()) return s;
  }
  return CheckEarliestBillingTime(*config, in.billing_time, till_->org.time_zone);
}

absl::StatusOr<Bill> TillSession::Prepare(const BillInput& in, bool for_quote,
                                          BillingConfig* config) {
  if (auto s = CheckBill(in, for_quote, config); !s.ok()) return s;
  std::vector<std::string> skus;
  skus.reserve(in.lines.size());
  for (const BillLineInput& l : in.lines) skus.push_back(l.sku);
  auto catalog = SellingCatalog(/*fresh=*/true);
  if (!catalog.ok()) return catalog.status();
  auto items = repos_.catalog->FindBySkus(till_->org.org_id, *catalog, skus);
  if (!items.ok()) return items.status();
  if (!in.customer_id.empty()) {
    auto customer = repos_.customers->FindById(till_->org.org_id, in.customer_id);
    if (!customer.ok()) return customer.status();
  }
  auto bill = PriceBill(*till_, in, items->items, TaxPolicyOf(*config));
  if (!bill.ok()) return bill.status();
  bill->catalog_id = items->catalog_id;
  bill->catalog_version = items->version;
  return bill;
}

absl::StatusOr<Bill> TillSession::Quote(const BillInput& in) {
  BillInput priced = in;
  priced.tenders.clear();  // a quote looks at what is sold, not how it is paid
  BillingConfig config;
  if (in.return_of) {
    if (auto s = CheckBill(priced, /*for_quote=*/true, &config); !s.ok()) return s;
    auto basis = repos_.bills->LoadReturnBasis(till_->org.org_id, in.return_of->original);
    if (!basis.ok()) return basis.status();
    auto bill = ComputeReturn(*till_, priced, basis->first, basis->second);
    if (!bill.ok()) return bill.status();
    // A quote has no tenders to check: it tells the till what to tender.
    auto loyalty = LoyaltyRules();
    if (!loyalty.ok()) return loyalty.status();
    const absl::Status planned =
        PlanLoyalty(*loyalty, priced, &basis->first, &basis->second, &*bill);
    if (!planned.ok() && bill->loyalty.redeem_refund == 0) return planned;
    return bill;
  }
  auto bill = Prepare(priced, /*for_quote=*/true, &config);
  if (!bill.ok()) return bill.status();
  auto classification = ClassifyBill(config, *bill, OverrideOf(in));
  if (!classification.ok()) return classification.status();
  bill->status = classification->status;
  bill->warnings = classification->warnings;
  auto loyalty = LoyaltyRules();
  if (!loyalty.ok()) return loyalty.status();
  if (auto s = PlanLoyalty(*loyalty, priced, nullptr, nullptr, &*bill); !s.ok()) return s;
  return bill;
}

absl::StatusOr<SignedIn> TillSession::SignIn(const std::string& cashier_id,
                                             const std::string& pin) {
  if (auto s = RequireHello(); !s.ok()) return s;
  if (cashiers_ == nullptr)
    return absl::FailedPreconditionError("this server has no cashiers");
  auto signed_in =
      Guessing([&] { return cashiers_->SignIn(identity(), cashier_id, pin); });
  if (!signed_in.ok()) return signed_in.status();
  if (cashier_session_) {  // the next cashier took over
    (void)cashiers_->SignOut(identity(), *cashier_session_);
  }
  cashier_session_ = signed_in->session.session_id;
  return signed_in;
}

absl::Status TillSession::SignOut(const std::string& session_id) {
  if (auto s = RequireHello(); !s.ok()) return s;
  if (cashiers_ == nullptr)
    return absl::FailedPreconditionError("this server has no cashiers");
  const std::string id = session_id.empty() ? cashier_session_.value_or("") : session_id;
  if (id.empty()) return absl::OkStatus();  // nobody signed in: nothing to do
  if (auto s = cashiers_->SignOut(identity(), id); !s.ok()) return s;
  if (cashier_session_ == id) cashier_session_.reset();
  return absl::OkStatus();
}

absl::StatusOr<SupervisorApproval> TillSession::Approve(const std::string& supervisor_id,
                                                        const std::string& pin,
                                                        const std::string& bill_id,
                                                        const std::string& reason) {
  if (auto s = RequireHello(); !s.ok()) return s;
  if (cashiers_ == nullptr)
    return absl::FailedPreconditionError("this server has no cashiers");
  return Guessing([&] {
    return cashiers_->Approve(identity(), supervisor_id, pin, bill_id, reason);
  });
}

absl::StatusOr<StoredBill> TillSession::VoidBill(const VoidRequest& request) {
  if (auto s = RequireHello(); !s.ok()) return s;
  return Guessing([&] { return voids_.VoidAtTill(*till_, request); });
}

absl::StatusOr<StoredBill> TillSession::SubmitReturn(const BillInput& in) {
  BillingConfig config;
  if (auto s = CheckBill(in, /*for_quote=*/false, &config); !s.ok()) return s;
  if (auto catalog = SellingCatalog(/*fresh=*/true); !catalog.ok())
    return catalog.status();
  auto staff = CheckBillStaff(cashiers_, identity(), in, config,
                              config.require_cashier ? "a return" : "");
  if (!staff.ok()) return staff.status();
  auto rules = LoyaltyRules();
  if (!rules.ok()) return rules.status();
  const LoyaltyConfig loyalty = *rules;
  const TillContext till = *till_;
  auto stored = repos_.bills->SaveReturn(
      till.org.org_id, in.bill_id, in.return_of->original, BillFingerprint(till, in),
      [&](const StoredBill& original,
          const ReturnHistory& history) -> absl::StatusOr<Bill> {
        auto bill = ComputeReturn(till, in, original, history);
        if (!bill.ok()) return bill.status();
        if (auto s = SettleReturn(in, &*bill); !s.ok()) return s;
        auto classification = ClassifyBill(config, *bill);
        if (!classification.ok()) return classification.status();
        bill->status = classification->status;
        if (auto s = PlanLoyalty(loyalty, in, &original, &history, &*bill); !s.ok()) {
          return s;
        }
        bill->claim = ClaimFor(config, *bill);
        staff->ApplyTo(&*bill);
        return bill;
      });
  if (!stored.ok()) return stored.status();
  StartNextBill();
  return stored;
}

absl::StatusOr<StoredBill> TillSession::Submit(const BillInput& in) {
  if (in.offline) return SubmitOffline(in);
  auto stored = in.return_of ? SubmitReturn(in) : SubmitSale(in);
  if (stored.ok()) return stored;
  return ReplayOrRefuse(in, stored.status());
}

absl::StatusOr<StoredBill> TillSession::SubmitSale(const BillInput& in) {
  BillingConfig config;
  auto bill = Prepare(in, /*for_quote=*/false, &config);
  if (!bill.ok()) return bill.status();
  if (auto s = SettleBill(in, &*bill); !s.ok()) return s;
  if (auto s = Classify(config, OverrideOf(in), &*bill); !s.ok()) return s;
  auto staff = CheckBillStaff(cashiers_, identity(), in, config,
                              SupervisorNeededFor(config, *bill));
  if (!staff.ok()) return staff.status();
  staff->ApplyTo(&*bill);
  // An anonymous bill paid without points or coupons books no loyalty
  // whatever the rules say: it need not read them.
  const bool loyalty_tenders =
      std::any_of(in.tenders.begin(), in.tenders.end(), [](const Tender& t) {
        return t.type == TenderType::kPoints || t.type == TenderType::kCoupon;
      });
  if (!in.customer_id.empty() || loyalty_tenders) {
    auto loyalty = LoyaltyRules();
    if (!loyalty.ok()) return loyalty.status();
    if (auto s = PlanLoyalty(*loyalty, in, nullptr, nullptr, &*bill); !s.ok()) return s;
  }
  auto stored = repos_.bills->SaveBill(*bill, BillFingerprint(*till_, in));
  if (!stored.ok()) return stored.status();
  StartNextBill();
  return stored;
}

absl::Status TillSession::Classify(const BillingConfig& config, Override override,
                                   Bill* bill) {
  auto classification = ClassifyBill(config, *bill, override);
  if (!classification.ok()) return classification.status();
  bill->status = classification->status;
  bill->warnings = classification->warnings;
  bill->claim = ClaimFor(config, *bill);
  return absl::OkStatus();
}

void TillSession::StartNextBill() {
  open_lines_.clear();
  next_line_no_ = 1;
}

}  // namespace tillstream
