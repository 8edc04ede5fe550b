#include "server/rpc/convert/locations.h"

#include "absl/strings/str_cat.h"
#include "common/validation.h"
#include "server/rpc/convert/wire.h"

namespace tillstream {

static_assert(Same(pos::v1::NOT_STARTED, StoreStatus::kNotStarted) &&
              Same(pos::v1::PENDING, StoreStatus::kPending) &&
              Same(pos::v1::READY, StoreStatus::kReady) &&
              Same(pos::v1::ERROR, StoreStatus::kError));

void ToProtoOrg(const Org& org, pos::v1::Org* out) {
  out->set_org_id(org.org_id);
  out->set_name(org.name);
  out->set_currency(org.currency);
  out->set_time_zone(org.time_zone);
  out->set_default_country_code(org.default_country_code);
}

void ToProtoStoreInfo(const StoreInfo& s, pos::v1::Store* out) {
  out->set_org_id(s.org_id);
  out->set_store_id(s.store_id);
  out->set_name(s.name);
  out->set_address(s.address);
  out->set_time_zone(s.time_zone);
  out->set_opening_hours(s.opening_hours);
  out->set_settings_url(s.settings_url);
  out->set_catalog_id(s.catalog_id);
  out->set_enabled(s.enabled);
  out->set_archived(s.archived);
}

void ToProtoStore(const StoreView& view, pos::v1::Store* out) {
  ToProtoStoreInfo(view.state.store, out);
  out->set_status(
      static_cast<pos::v1::StoreStatus>(static_cast<int>(view.status.status)));
  out->set_status_reason(view.status.reason);
  out->set_tills(view.state.facts.tills);
  out->set_tills_holding(view.state.facts.tills_holding);
  out->set_tills_current(view.state.facts.tills_current);
  out->set_catalog_version(view.state.facts.catalog_version);
}

void ToProtoCatalog(const Catalog& c, pos::v1::CatalogInfo* out) {
  out->set_org_id(c.org_id);
  out->set_catalog_id(c.catalog_id);
  out->set_name(c.name);
  out->set_current_version(c.current_version);
  out->set_last_failure(c.failure);
}

StoreInfo FromProtoCreateStore(const pos::v1::CreateStoreRequest& req) {
  StoreInfo s;
  s.org_id = req.org_id();
  s.store_id = req.store_id();
  s.name = req.name();
  s.address = req.address();
  s.time_zone = req.time_zone();
  s.opening_hours = req.opening_hours();
  s.settings_url = req.settings_url();
  s.catalog_id = req.catalog_id();
  return s;
}

absl::StatusOr<StoreUpdate> FromProtoStoreUpdate(const pos::v1::UpdateStoreRequest& req) {
  StoreUpdate u;
  u.org_id = req.org_id();
  u.store_id = req.store_id();
  u.archive = req.archive();
  const pos::v1::Store& v = req.values();
  for (int i = 0; i < req.set_size(); ++i) {
    const std::string& name = req.set(i);
    if (name == "name") {
      u.name = v.name();
    } else if (name == "address") {
      u.address = v.address();
    } else if (name == "time_zone") {
      u.time_zone = v.time_zone();
    } else if (name == "opening_hours") {
      u.opening_hours = v.opening_hours();
    } else if (name == "settings_url") {
      u.settings_url = v.settings_url();
    } else if (name == "catalog_id") {
      u.catalog_id = v.catalog_id();
    } else if (name == "enabled") {
      u.enabled = v.enabled();
    } else {
      return FieldError(
          absl::StrCat("set[", i, "]"),
          absl::StrCat("'", name.substr(0, 40),
                       "' is not a field a store update sets (name, address, "
                       "time_zone, opening_hours, settings_url, catalog_id, "
                       "enabled)"));
    }
  }
  return u;
}

}  // namespace tillstream
