#include "server/rpc/till_request_handler.h"

#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "common/validation.h"
#include "server/rpc/convert/catalog.h"
#include "server/rpc/convert/customers.h"
#include "server/rpc/convert/loyalty.h"
#include "server/rpc/convert/reports.h"
#include "server/rpc/convert/sales.h"
#include "server/rpc/convert/wire.h"
#include "server/rpc/status.h"

namespace tillstream {

using pos::v1::TillRequest;
using pos::v1::TillResponse;

TillRequestHandler::TillRequestHandler(const Repositories& repos, std::string peer,
                                       Clock clock, GuessGuard* guesses,
                                       CashierAccess* cashiers)
    : session_(repos, clock, guesses, cashiers),
      catalogs_(repos),
      peer_(std::move(peer)),
      clock_(std::move(clock)) {}

TillResponse TillRequestHandler::Handle(const TillRequest& request) {
  TillResponse response;
  response.set_correlation_id(request.correlation_id());
  // Required: the till tells its answers from the server's pushes (which
  // carry no id) by it.
  absl::Status status =
      request.correlation_id().empty()
          ? FieldError("correlation_id",
                       "is required: the till matches its answer by it (a push has none)")
          : CheckText("correlation_id", request.correlation_id(), kMaxCorrelationIdLength,
                      /*optional=*/false);
  if (status.ok()) status = Dispatch(request, &response);
  if (!status.ok()) {
    response.clear_kind();
    *response.mutable_error() = ToRequestError(status);
    if (status.code() == absl::StatusCode::kUnavailable ||
        status.code() == absl::StatusCode::kInternal ||
        status.code() == absl::StatusCode::kPermissionDenied) {
      spdlog::warn("till {} {}: {}", peer_, request.kind_case(), status.ToString());
    }
  }
  return response;
}

absl::Status TillRequestHandler::Dispatch(const TillRequest& request,
                                          TillResponse* response) {
  const std::string currency = session_.till() ? session_.till()->org.currency : "";
  switch (request.kind_case()) {
    case TillRequest::kHello: {
      const auto& h = request.hello();
      auto ctx = session_.Hello(h.org_id(), h.store_id(), h.till_id());
      if (!ctx.ok()) return ctx.status();
      auto offer = catalogs_.Offer(*ctx);
      if (!offer.ok()) return offer.status();
      org_id_ = ctx->org.org_id;
      catalog_id_ = offer->catalog_id;
      auto* ack = response->mutable_hello();
      ack->set_catalog_id(offer->catalog_id);
      ack->set_catalog_version(offer->version);
      ack->set_org_name(ctx->org.name);
      ack->set_store_name(ctx->store.name);
      ack->set_currency(ctx->org.currency);
      ack->set_time_zone(ctx->org.time_zone);
      SetTimestamp(clock_(), ack->mutable_server_time());
      spdlog::info("till {}/{}/{} connected from {}", h.org_id(), h.store_id(),
                   h.till_id(), peer_);
      return absl::OkStatus();
    }
    case TillRequest::kScan: {
      const int64_t qty =
          request.scan().quantity_milli() == 0 ? 1000 : request.scan().quantity_milli();
      auto scanned = session_.Scan(request.scan().barcode(), qty);
      if (!scanned.ok()) return scanned.status();
      auto* line = response->mutable_scanned();
      *line = ToProtoLine(scanned->line, currency);
      *line->mutable_running_total() = ToMoney(scanned->running_total_minor, currency);
      return absl::OkStatus();
    }
    case TillRequest::kVoidLine: {
      auto voided = session_.Void(request.void_line().line_no());
      if (!voided.ok()) return voided.status();
      response->mutable_voided()->set_line_no(voided->line_no);
      *response->mutable_voided()->mutable_running_total() =
          ToMoney(voided->running_total_minor, currency);
      return absl::OkStatus();
    }
    case TillRequest::kCustomerLookup: {
      auto key = FromProtoLookup(request.customer_lookup(), "customer_lookup");
      if (!key.ok()) return key.status();
      auto profile = key->kind ? session_.Lookup(*key->kind, key->value)
                               : session_.LookupById(key->value);
      if (!profile.ok()) return profile.status();
      *response->mutable_customer() = ToProtoProfile(*profile, currency, false);
      return absl::OkStatus();
    }
    case TillRequest::kEnrolCustomer: {
      auto enrolled = session_.Enrol(FromProtoEnrol(request.enrol_customer()));
      if (!enrolled.ok()) return enrolled.status();
      *response->mutable_customer() =
          ToProtoProfile(enrolled->first, currency, enrolled->second);
      return absl::OkStatus();
    }
    case TillRequest::kCheckPoints: {
      const auto& q = request.check_points();
      auto check = session_.CheckPoints(q.customer_id(), q.points());
      if (!check.ok()) return check.status();
      *response->mutable_points_check() = ToProtoPointsCheck(*check, currency);
      return absl::OkStatus();
    }
    case TillRequest::kCheckCoupon: {
      const auto& q = request.check_coupon();
      if (q.has_amount() && q.amount().currency() != currency) {
        return FieldError("check_coupon.amount.currency",
                          absl::StrCat("must be the org's currency ", currency));
      }
      if (q.has_amount() && q.amount().minor_units() < 0) {
        return FieldError("check_coupon.amount.minor_units",
                          "must not be negative: it is what the coupon would pay");
      }
      auto check = session_.CheckCoupon(q.code(), q.customer_id(),
                                        q.has_amount() ? q.amount().minor_units() : 0);
      if (!check.ok()) return check.status();
      *response->mutable_coupon_check() = ToProtoCouponCheck(*check, currency);
      return absl::OkStatus();
    }
    case TillRequest::kTagBill: {
      const auto& q = request.tag_bill();
      auto tagged = session_.TagBill(q.bill_id(), q.customer_id());
      if (!tagged.ok()) return tagged.status();
      *response->mutable_bill() = ToProtoReceipt(*tagged);
      return absl::OkStatus();
    }
    case TillRequest::kSubmitBill: {
      auto input = FromProtoBill(request.submit_bill());
      if (!input.ok()) return input.status();
      auto stored = session_.Submit(*input);
      if (!stored.ok()) return stored.status();
      *response->mutable_bill() = ToProtoReceipt(*stored);
      return absl::OkStatus();
    }
    case TillRequest::kQuoteBill: {
      auto input = FromProtoBill(request.quote_bill());
      if (!input.ok()) return input.status();
      auto quoted = session_.Quote(*input);
      if (!quoted.ok()) return quoted.status();
      *response->mutable_quote() = ToProtoReceipt(StoredBill{*quoted, clock_(), false});
      return absl::OkStatus();
    }
    case TillRequest::kCancelBill: {
      if (auto s = session_.Cancel(); !s.ok()) return s;
      response->mutable_cancelled();
      return absl::OkStatus();
    }
    case TillRequest::kSignIn: {
      auto signed_in =
          session_.SignIn(request.sign_in().cashier_id(), request.sign_in().pin());
      if (!signed_in.ok()) return signed_in.status();
      auto* out = response->mutable_signed_in();
      out->set_cashier_session_id(signed_in->session.session_id);
      out->set_cashier_id(signed_in->cashier.cashier_id);
      out->set_name(signed_in->cashier.name);
      out->set_role(static_cast<pos::v1::CashierRole>(signed_in->cashier.role));
      return absl::OkStatus();
    }
    case TillRequest::kSignOut: {
      if (auto s = session_.SignOut(request.sign_out().cashier_session_id()); !s.ok()) {
        return s;
      }
      response->mutable_signed_out();
      return absl::OkStatus();
    }
    case TillRequest::kApprove: {
      const auto& q = request.approve();
      auto approval =
          session_.Approve(q.supervisor_id(), q.pin(), q.bill_id(), q.reason());
      if (!approval.ok()) return approval.status();
      auto* out = response->mutable_approved();
      out->set_approval_id(approval->approval_id);
      out->set_supervisor_id(approval->supervisor_id);
      out->set_bill_id(approval->bill_id);
      return absl::OkStatus();
    }
    case TillRequest::kVoidBill: {
      const auto& q = request.void_bill();
      auto voided =
          session_.VoidBill({q.bill_id(), q.supervisor_id(), q.pin(), q.reason()});
      if (!voided.ok()) return voided.status();
      *response->mutable_bill() = ToProtoReceipt(*voided);
      return absl::OkStatus();
    }
    case TillRequest::kFetchCatalog: {
      if (!session_.till()) break;  // RequireHello's answer, below
      const auto& q = request.fetch_catalog();
      auto page = catalogs_.Fetch(*session_.till(), {q.catalog_id(), q.have_version(),
                                                     q.to_version(), q.after_sku()});
      if (!page.ok()) return page.status();
      *response->mutable_catalog() = ToProtoDelta(*page);
      return absl::OkStatus();
    }
    case TillRequest::kCatalogHeld: {
      if (!session_.till()) break;
      const auto& q = request.catalog_held();
      if (auto s = catalogs_.Held(*session_.till(), q.catalog_id(), q.version());
          !s.ok()) {
        return s;
      }
      response->mutable_held();
      return absl::OkStatus();
    }
    case TillRequest::KIND_NOT_SET:
      break;
  }
  if (request.kind_case() != TillRequest::KIND_NOT_SET) {
    return absl::FailedPreconditionError(
        "send hello with org_id, store_id and till_id before anything else");
  }
  return FieldError("kind",
                    "is empty: send hello, scan, void_line, customer_lookup, "
                    "enrol_customer, check_points, check_coupon, submit_bill, "
                    "quote_bill, tag_bill, cancel_bill, sign_in, sign_out, approve, "
                    "void_bill, fetch_catalog or catalog_held");
}

}  // namespace tillstream
