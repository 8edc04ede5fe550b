#include "server/rpc/admin_service.h"

#include "absl/strings/str_cat.h"
#include "common/validation.h"
#include "server/rpc/convert/catalog.h"
#include "server/rpc/convert/locations.h"
#include "server/rpc/convert/reports.h"
#include "server/rpc/convert/sales.h"
#include "server/rpc/convert/wire.h"
#include "server/rpc/status.h"
#include "server/rpc/unary.h"

namespace tillstream {

absl::Status AdminServiceImpl::HandleCreateOrg(const Principal& /*caller*/,
                                               const pos::v1::CreateOrgRequest& req,
                                               pos::v1::Org* resp) {
  return Reply(setup_->CreateOrg(Org{req.org_id(), req.name(), req.currency(),
                                     req.time_zone(), req.default_country_code()}),
               [&](const auto& org) { ToProtoOrg(org, resp); });
}

absl::Status AdminServiceImpl::HandleCreateStore(const Principal& /*caller*/,
                                                 const pos::v1::CreateStoreRequest& req,
                                                 pos::v1::Store* resp) {
  return Reply(setup_->CreateStore(FromProtoCreateStore(req)),
               [&](const auto& store) { ToProtoStoreInfo(store, resp); });
}

absl::Status AdminServiceImpl::HandleCreateTill(const Principal& /*caller*/,
                                                const pos::v1::CreateTillRequest& req,
                                                pos::v1::Till* resp) {
  return Reply(setup_->CreateTill(TillInfo{req.org_id(), req.store_id(), req.till_id()}),
               [&](const auto& till) {
                 resp->set_org_id(till.org_id);
                 resp->set_store_id(till.store_id);
                 resp->set_till_id(till.till_id);
               });
}

absl::Status AdminServiceImpl::HandleUpsertItems(const Principal& /*caller*/,
                                                 const pos::v1::UpsertItemsRequest& req,
                                                 pos::v1::UpsertItemsResponse* resp) {
  std::vector<CatalogItem> items;
  std::string currency;
  for (int i = 0; i < req.items_size(); ++i) {
    const std::string field = absl::StrCat("items[", i, "]");
    auto item = FromProtoItem(req.items(i), field);
    if (!item.ok()) return item.status();
    const std::string& c = req.items(i).unit_price().currency();
    if (i > 0 && c != currency) {
      return FieldError(field + ".unit_price.currency",
                        absl::StrCat("is '", c, "' but items[0] is in '", currency, "'"));
    }
    currency = c;
    items.push_back(*std::move(item));
  }
  const std::string catalog_id =
      req.catalog_id().empty() ? kMainCatalogId : req.catalog_id();
  return Reply(setup_->UpsertItems(req.org_id(), catalog_id, currency, items),
               [&](const auto& counts) {
                 resp->set_catalog_id(catalog_id);
                 resp->set_version(counts.version);
                 resp->set_inserted(counts.inserted);
                 resp->set_updated(counts.updated);
                 resp->set_unchanged(counts.unchanged);
               });
}

absl::Status AdminServiceImpl::HandleListBills(const Principal& /*caller*/,
                                               const pos::v1::ListBillsRequest& req,
                                               pos::v1::ListBillsResponse* resp) {
  return Reply(
      bills_->ListBills(req.org_id(), req.business_date(), req.store_id(),
                        req.page_size(), req.page_token()),
      [&](const auto& page) {
        for (const BillSummary& b : page.bills) {
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
        resp->set_next_page_token(page.next_page_token);
      });
}

absl::Status AdminServiceImpl::HandleGetBill(const Principal& /*caller*/,
                                             const pos::v1::GetBillRequest& req,
                                             pos::v1::BillReceipt* resp) {
  return Reply(bills_->GetBill(req.org_id(), req.bill_id()),
               [&](const auto& bill) { *resp = ToProtoReceipt(bill); });
}

absl::Status AdminServiceImpl::HandleDaySummary(const Principal& /*caller*/,
                                                const pos::v1::DaySummaryRequest& req,
                                                pos::v1::DaySummaryResponse* resp) {
  return Reply(bills_->GetDaySummary(req.org_id(), req.business_date()),
               [&](const auto& summary) { ToProtoDaySummary(summary, resp); });
}

absl::Status AdminServiceImpl::HandleDeleteBill(const Principal& caller,
                                                const pos::v1::DeleteBillRequest& req,
                                                pos::v1::BillReceipt* resp) {
  return Reply(bills_->DeleteBill(req.org_id(), req.bill_id(), req.deleted_by(),
                                  caller.name, req.reason()),
               [&](const auto& bill) { *resp = ToProtoReceipt(bill); });
}

absl::Status AdminServiceImpl::HandleGetBillingConfig(
    const Principal& /*caller*/, const pos::v1::GetBillingConfigRequest& req,
    pos::v1::BillingConfigVersion* resp) {
  auto org = setup_->GetOrg(req.org_id());
  if (!org.ok()) return org.status();
  return Reply(bills_->GetBillingConfig(req.org_id()), [&](const auto& version) {
    *resp = ToProtoBillingConfig(version, org->currency);
  });
}

absl::Status AdminServiceImpl::HandleSetBillingConfig(
    const Principal& /*caller*/, const pos::v1::SetBillingConfigRequest& req,
    pos::v1::BillingConfigVersion* resp) {
  auto org = setup_->GetOrg(req.org_id());
  if (!org.ok()) return org.status();
  auto config = FromProtoBillingConfig(req.config(), org->currency);
  if (!config.ok()) return config.status();
  return Reply(
      bills_->SetBillingConfig(req.org_id(), *config, req.expected_version(),
                               req.changed_by(), req.reason()),
      [&](const auto& version) { *resp = ToProtoBillingConfig(version, org->currency); });
}

absl::Status AdminServiceImpl::HandleListBillingConfigHistory(
    const Principal& /*caller*/, const pos::v1::ListBillingConfigHistoryRequest& req,
    pos::v1::BillingConfigHistory* resp) {
  auto org = setup_->GetOrg(req.org_id());
  if (!org.ok()) return org.status();
  return Reply(bills_->BillingConfigHistory(req.org_id()), [&](const auto& history) {
    for (const auto& v : history)
      *resp->add_versions() = ToProtoBillingConfig(v, org->currency);
  });
}

absl::Status AdminServiceImpl::HandleGetInvoiceSettings(
    const Principal& /*caller*/, const pos::v1::GetInvoiceSettingsRequest& req,
    pos::v1::InvoiceSettings* resp) {
  return Reply(invoices_->GetSettings(req.org_id()), [&](const auto& settings) {
    resp->set_org_id(settings.org_id);
    resp->set_open_minutes(settings.open_minutes);
    resp->set_sign_on_url_template(settings.sign_on_url_template);
  });
}

absl::Status AdminServiceImpl::HandleSetInvoiceSettings(
    const Principal& /*caller*/, const pos::v1::InvoiceSettings& req,
    pos::v1::InvoiceSettings* resp) {
  return Reply(invoices_->SetSettings(InvoiceSettings{req.org_id(), req.open_minutes(),
                                                      req.sign_on_url_template()}),
               [&](const auto& settings) {
                 resp->set_org_id(settings.org_id);
                 resp->set_open_minutes(settings.open_minutes);
                 resp->set_sign_on_url_template(settings.sign_on_url_template);
               });
}

}  // namespace tillstream
