// posctl's commands for accounts, stores as locations and catalogs
// (LocationService).
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "pos/v1/locations.grpc.pb.h"
#include "tools/posctl_admin.h"

namespace tillstream {
namespace {

using Locations = Client<pos::v1::LocationService>;
using Stub = pos::v1::LocationService::Stub;

std::string StatusName(pos::v1::StoreStatus s) {
  if (s == pos::v1::STORE_STATUS_UNSPECIFIED || !pos::v1::StoreStatus_IsValid(s)) {
    return "UNKNOWN";
  }
  return pos::v1::StoreStatus_Name(s);  // the wire's own name
}

std::string Flags(const pos::v1::Store& s) {
  if (s.archived()) return "archived";
  return s.enabled() ? "enabled" : "DISABLED";
}

void PrintStore(const pos::v1::Store& s) {
  const auto or_dash = [](const std::string& v) { return v.empty() ? "-" : v; };
  std::cout << "store " << s.org_id() << "/" << s.store_id() << " (" << s.name() << ")\n"
            << "  status         " << StatusName(s.status()) << ": " << s.status_reason()
            << "\n"
            << "  state          " << Flags(s) << "\n"
            << "  catalog        " << or_dash(s.catalog_id()) << " (version "
            << s.catalog_version() << ")\n"
            << "  tills          " << s.tills() << " (" << s.tills_holding()
            << " hold a copy of the catalog, " << s.tills_current()
            << " at its current version)\n"
            << "  address        " << or_dash(s.address()) << "\n"
            << "  time zone      "
            << (s.time_zone().empty() ? "the org's" : s.time_zone()) << "\n"
            << "  opening hours  " << or_dash(s.opening_hours()) << "\n"
            << "  settings       " << or_dash(s.settings_url()) << "\n";
}

// Sends one UpdateStore and prints the store as it is afterwards.
bool Update(Locations& client, pos::v1::UpdateStoreRequest& req) {
  pos::v1::Store after;
  if (!client.Call(&Stub::UpdateStore, req, &after)) return false;
  PrintStore(after);
  return true;
}

bool SetFields(const std::map<std::string, std::string>& opts,
               pos::v1::UpdateStoreRequest* req) {
  pos::v1::Store* v = req->mutable_values();
  for (const auto& [key, value] : opts) {
    if (key == "name") {
      v->set_name(value);
    } else if (key == "address") {
      v->set_address(value);
    } else if (key == "time_zone") {
      v->set_time_zone(value);
    } else if (key == "opening_hours") {
      v->set_opening_hours(value);
    } else if (key == "settings_url") {
      v->set_settings_url(value);
    } else if (key == "catalog") {
      v->set_catalog_id(value);
      req->add_set("catalog_id");
      continue;
    } else {
      std::cerr << "posctl: update-store: unknown field '" << key << "'\n"
                << kLocationUsage;
      return false;
    }
    req->add_set(key);
  }
  return true;
}

int Stores(Locations& client, const std::vector<std::string>& a) {
  pos::v1::ListStoresRequest req;
  req.set_org_id(a[1]);
  pos::v1::ListStoresResponse resp;
  if (!client.Call(&Stub::ListStores, req, &resp)) return 1;
  std::cout << absl::StrFormat("%-10s %-24s %-12s %-9s %-12s %5s  %s\n", "store", "name",
                               "status", "state", "catalog", "tills", "reason");
  for (const auto& s : resp.stores()) {
    std::cout << absl::StrFormat(
        "%-10s %-24s %-12s %-9s %-12s %5d  %s\n", s.store_id(), s.name(),
        StatusName(s.status()), Flags(s),
        s.catalog_id().empty() ? "-"
                               : absl::StrCat(s.catalog_id(), " v", s.catalog_version()),
        s.tills(), s.status_reason());
  }
  std::cout << resp.stores_size() << " stores\n";
  return 0;
}

}  // namespace

const char kLocationUsage[] = R"(
Accounts, stores and catalogs (a store's status is derived, never set):
  accounts                              (the orgs this key may see)
  stores ORG                            (every store with its status and why)
  show-store ORG STORE
  enable-store ORG STORE | disable-store ORG STORE   (a disabled store's tills sell nothing)
  archive-store ORG STORE               (for good: it then answers reads only)
  assign-catalog ORG STORE CATALOG      (tills price from CATALOG's current version)
  update-store ORG STORE KEY=VALUE...   (name, address, time_zone, opening_hours
                                         like 'Mo-Fr 08:00-20:00; Sa 09:00-14:00',
                                         settings_url, catalog)
  create-catalog ORG CATALOG NAME       (e.g. a regional price list)
  catalogs ORG                          (each with its current version)
)";

bool RunLocationCommand(const std::vector<std::string>& a, int* rc) {
  static const std::map<std::string, size_t> kArity = {
      {"accounts", 1},       {"stores", 2},        {"show-store", 3},
      {"enable-store", 3},   {"disable-store", 3}, {"archive-store", 3},
      {"assign-catalog", 4}, {"update-store", 4},  {"create-catalog", 4},
      {"catalogs", 2}};
  const std::string& cmd = a[0];
  const auto arity = kArity.find(cmd);
  if (arity == kArity.end()) return false;
  *rc = 2;
  if (a.size() < arity->second) {
    std::cerr << "posctl: " << cmd << " needs " << arity->second - 1 << " arguments\n"
              << kLocationUsage;
    return true;
  }
  Locations client;
  *rc = 1;
  if (cmd == "accounts") {
    pos::v1::ListAccountsResponse resp;
    if (!client.Call(&Stub::ListAccounts, pos::v1::ListAccountsRequest(), &resp))
      return true;
    for (const auto& o : resp.accounts()) {
      std::cout << absl::StrFormat("%-16s %-32s %s %s\n", o.org_id(), o.name(),
                                   o.currency(), o.time_zone());
    }
    std::cout << resp.accounts_size() << " accounts\n";
  } else if (cmd == "stores") {
    *rc = Stores(client, a);
    return true;
  } else if (cmd == "show-store") {
    pos::v1::GetStoreRequest req;
    req.set_org_id(a[1]);
    req.set_store_id(a[2]);
    pos::v1::Store s;
    if (!client.Call(&Stub::GetStore, req, &s)) return true;
    PrintStore(s);
  } else if (cmd == "catalogs") {
    pos::v1::ListCatalogsRequest req;
    req.set_org_id(a[1]);
    pos::v1::ListCatalogsResponse resp;
    if (!client.Call(&Stub::ListCatalogs, req, &resp)) return true;
    for (const auto& c : resp.catalogs()) {
      std::cout << absl::StrFormat(
          "%-16s %-32s version %d%s\n", c.catalog_id(), c.name(), c.current_version(),
          c.last_failure().empty()
              ? ""
              : absl::StrCat("  (last sync failed: ", c.last_failure(), ")"));
    }
  } else if (cmd == "create-catalog") {
    pos::v1::CreateCatalogRequest req;
    req.set_org_id(a[1]);
    req.set_catalog_id(a[2]);
    req.set_name(a[3]);
    pos::v1::CatalogInfo c;
    if (!client.Call(&Stub::CreateCatalog, req, &c)) return true;
    std::cout << "catalog " << c.org_id() << "/" << c.catalog_id() << " (" << c.name()
              << "), version " << c.current_version() << "\n";
  } else {
    pos::v1::UpdateStoreRequest req;
    req.set_org_id(a[1]);
    req.set_store_id(a[2]);
    if (cmd == "enable-store" || cmd == "disable-store") {
      req.mutable_values()->set_enabled(cmd == "enable-store");
      req.add_set("enabled");
    } else if (cmd == "archive-store") {
      req.set_archive(true);
    } else if (cmd == "assign-catalog") {
      req.mutable_values()->set_catalog_id(a[3]);
      req.add_set("catalog_id");
    } else {  // update-store
      std::map<std::string, std::string> opts;
      if (!Options(a, 3, &opts) || !SetFields(opts, &req)) return *rc = 2, true;
    }
    if (!Update(client, req)) return true;
  }
  *rc = 0;
  return true;
}

}  // namespace tillstream
