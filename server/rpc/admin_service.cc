#include "server/rpc/admin_service.h"

#include "absl/strings/str_cat.h"
#include "server/rpc/convert/catalog.h"
#include "server/rpc/convert/reports.h"
#include "server/rpc/convert/sales.h"
#include "server/rpc/convert/wire.h"
#include "server/rpc/status.h"
#include "server/rpc/unary.h"

namespace tillstream {

grpc::ServerUnaryReactor* AdminServiceImpl::Run(grpc::CallbackServerContext* ctx,
                                                std::function<absl::Status()> work) {
  return RunAuthorizedUnary(ctx, pool_, admin_token_, std::move(work));
}

grpc::ServerUnaryReactor* AdminServiceImpl::CreateOrg(
    grpc::CallbackServerContext* ctx, const pos::v1::CreateOrgRequest* req,
    pos::v1::Org* resp) {
  return Run(ctx, [this, req, resp] {
    auto org = setup_->CreateOrg(Org{req->org_id(), req->name(), req->currency(),
                                     req->time_zone(), req->default_country_code()});
    if (!org.ok()) return org.status();
    resp->set_org_id(org->org_id);
    resp->set_name(org->name);
    resp->set_currency(org->currency);
    resp->set_time_zone(org->time_zone);
    resp->set_default_country_code(org->default_country_code);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdminServiceImpl::CreateStore(
    grpc::CallbackServerContext* ctx, const pos::v1::CreateStoreRequest* req,
    pos::v1::Store* resp) {
  return Run(ctx, [this, req, resp] {
    auto store =
        setup_->CreateStore(StoreInfo{req->org_id(), req->store_id(), req->name()});
    if (!store.ok()) return store.status();
    resp->set_org_id(store->org_id);
    resp->set_store_id(store->store_id);
    resp->set_name(store->name);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdminServiceImpl::CreateTill(
    grpc::CallbackServerContext* ctx, const pos::v1::CreateTillRequest* req,
    pos::v1::Till* resp) {
  return Run(ctx, [this, req, resp] {
    auto till =
        setup_->CreateTill(TillInfo{req->org_id(), req->store_id(), req->till_id()});
    if (!till.ok()) return till.status();
    resp->set_org_id(till->org_id);
    resp->set_store_id(till->store_id);
    resp->set_till_id(till->till_id);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdminServiceImpl::UpsertItems(
    grpc::CallbackServerContext* ctx, const pos::v1::UpsertItemsRequest* req,
    pos::v1::UpsertItemsResponse* resp) {
  return Run(ctx, [this, req, resp] {
    std::vector<CatalogItem> items;
    std::string currency;
    for (int i = 0; i < req->items_size(); ++i) {
      const std::string field = absl::StrCat("items[", i, "]");
      auto item = FromProtoItem(req->items(i), field);
      if (!item.ok()) return item.status();
      const std::string& c = req->items(i).unit_price().currency();
      if (i > 0 && c != currency) {
        return absl::InvalidArgumentError(absl::StrCat(field, ".unit_price.currency is '",
                                                       c, "' but items[0] is in '",
                                                       currency, "'"));
      }
      currency = c;
      items.push_back(*std::move(item));
    }
    auto counts = setup_->UpsertItems(req->org_id(), currency, items);
    if (!counts.ok()) return counts.status();
    resp->set_inserted(counts->inserted);
    resp->set_updated(counts->updated);
    resp->set_unchanged(counts->unchanged);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdminServiceImpl::ListBills(
    grpc::CallbackServerContext* ctx, const pos::v1::ListBillsRequest* req,
    pos::v1::ListBillsResponse* resp) {
  return Run(ctx, [this, req, resp] {
    auto page = bills_->ListBills(req->org_id(), req->business_date(), req->store_id(),
                                  req->page_size(), req->page_token());
    if (!page.ok()) return page.status();
    for (const BillSummary& b : page->bills) {
      auto* out = resp->add_bills();
      out->set_bill_id(b.bill_id);
      out->set_bill_number(b.bill_number);
      out->set_store_id(b.store_id);
      out->set_till_id(b.till_id);
      SetTimestamp(b.billing_time, out->mutable_billing_time());
      *out->mutable_total() = ToMoney(b.total_minor, b.currency);
      out->set_line_count(b.line_count);
      out->set_status(static_cast<pos::v1::BillStatus>(static_cast<int>(b.status)));
    }
    resp->set_next_page_token(page->next_page_token);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdminServiceImpl::GetBill(grpc::CallbackServerContext* ctx,
                                                    const pos::v1::GetBillRequest* req,
                                                    pos::v1::BillReceipt* resp) {
  return Run(ctx, [this, req, resp] {
    auto bill = bills_->GetBill(req->org_id(), req->bill_id());
    if (!bill.ok()) return bill.status();
    *resp = ToProtoReceipt(*bill);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdminServiceImpl::DaySummary(
    grpc::CallbackServerContext* ctx, const pos::v1::DaySummaryRequest* req,
    pos::v1::DaySummaryResponse* resp) {
  return Run(ctx, [this, req, resp] {
    auto summary = bills_->GetDaySummary(req->org_id(), req->business_date());
    if (!summary.ok()) return summary.status();
    ToProtoDaySummary(*summary, resp);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdminServiceImpl::DeleteBill(
    grpc::CallbackServerContext* ctx, const pos::v1::DeleteBillRequest* req,
    pos::v1::BillReceipt* resp) {
  return Run(ctx, [this, req, resp] {
    auto bill = bills_->DeleteBill(req->org_id(), req->bill_id(), req->deleted_by(),
                                   req->reason());
    if (!bill.ok()) return bill.status();
    *resp = ToProtoReceipt(*bill);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdminServiceImpl::GetBillingConfig(
    grpc::CallbackServerContext* ctx, const pos::v1::GetBillingConfigRequest* req,
    pos::v1::BillingConfigVersion* resp) {
  return Run(ctx, [this, req, resp] {
    auto org = setup_->GetOrg(req->org_id());
    if (!org.ok()) return org.status();
    auto version = bills_->GetBillingConfig(req->org_id());
    if (!version.ok()) return version.status();
    *resp = ToProtoBillingConfig(*version, org->currency);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdminServiceImpl::SetBillingConfig(
    grpc::CallbackServerContext* ctx, const pos::v1::SetBillingConfigRequest* req,
    pos::v1::BillingConfigVersion* resp) {
  return Run(ctx, [this, req, resp] {
    auto org = setup_->GetOrg(req->org_id());
    if (!org.ok()) return org.status();
    auto config = FromProtoBillingConfig(req->config(), org->currency);
    if (!config.ok()) return config.status();
    auto version =
        bills_->SetBillingConfig(req->org_id(), *config, req->expected_version(),
                                 req->changed_by(), req->reason());
    if (!version.ok()) return version.status();
    *resp = ToProtoBillingConfig(*version, org->currency);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdminServiceImpl::ListBillingConfigHistory(
    grpc::CallbackServerContext* ctx, const pos::v1::ListBillingConfigHistoryRequest* req,
    pos::v1::BillingConfigHistory* resp) {
  return Run(ctx, [this, req, resp] {
    auto org = setup_->GetOrg(req->org_id());
    if (!org.ok()) return org.status();
    auto history = bills_->BillingConfigHistory(req->org_id());
    if (!history.ok()) return history.status();
    for (const auto& v : *history)
      *resp->add_versions() = ToProtoBillingConfig(v, org->currency);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdminServiceImpl::GetInvoiceSettings(
    grpc::CallbackServerContext* ctx, const pos::v1::GetInvoiceSettingsRequest* req,
    pos::v1::InvoiceSettings* resp) {
  return Run(ctx, [this, req, resp] {
    auto settings = invoices_->GetSettings(req->org_id());
    if (!settings.ok()) return settings.status();
    resp->set_org_id(settings->org_id);
    resp->set_open_minutes(settings->open_minutes);
    resp->set_sign_on_url_template(settings->sign_on_url_template);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdminServiceImpl::SetInvoiceSettings(
    grpc::CallbackServerContext* ctx, const pos::v1::InvoiceSettings* req,
    pos::v1::InvoiceSettings* resp) {
  return Run(ctx, [this, req, resp] {
    auto settings = invoices_->SetSettings(
        InvoiceSettings{req->org_id(), req->open_minutes(), req->sign_on_url_template()});
    if (!settings.ok()) return settings.status();
    resp->set_org_id(settings->org_id);
    resp->set_open_minutes(settings->open_minutes);
    resp->set_sign_on_url_template(settings->sign_on_url_template);
    return absl::OkStatus();
  });
}

}  // namespace tillstream
