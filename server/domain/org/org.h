// The chain as the back office knows it: orgs (accounts), their stores and
// the tills of each store.
#ifndef TILLSTREAM_SERVER_DOMAIN_ORG_ORG_H_
#define TILLSTREAM_SERVER_DOMAIN_ORG_ORG_H_

#include <string>

#include "server/domain/identity/till_identity.h"

namespace tillstream {

struct Org {
  std::string org_id;
  std::string name;
  std::string currency;
  std::string time_zone;
  std::string default_country_code;  // "49"; "" when mobiles need their own
};

// Every org has this catalog from its creation; a store created without
// naming one is assigned it.
inline constexpr char kMainCatalogId[] = "main";

// A store's configuration (server/domain/org/store.h derives its status).
struct StoreInfo {
  std::string org_id;
  std::string store_id;
  std::string name;
  std::string address;
  std::string time_zone;      // "" : the org's
  std::string opening_hours;  // "Mo-Fr 08:00-20:00; Sa 09:00-14:00", or ""
  std::string settings_url;   // where the operator edits it elsewhere, or ""
  std::string catalog_id;     // "" : none assigned
  bool enabled = true;
  bool archived = false;
};

struct TillInfo {
  std::string org_id;
  std::string store_id;
  std::string till_id;
};

// Everything a till session needs to know about where it rings up.
struct TillContext {
  Org org;
  StoreInfo store;
  std::string till_id;

  TillIdentity identity() const { return {org.org_id, store.store_id, till_id}; }
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_ORG_ORG_H_
