// posctl's commands for API keys (IdentityService). ORG '-' means the
// platform-wide keys. A created key is printed once, on a line of its own
// starting "key ", for a script to take; nothing else ever prints it.
#include <cctype>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/ids.h"
#include "pos/v1/identity.grpc.pb.h"
#include "tools/posctl_admin.h"

namespace tillstream {

const char kKeyUsage[] = R"(
API keys (ORG '-' for platform-wide keys; roles: platform_admin org_admin operator
auditor web_partner purchase_import catalog_manager):
  create-key ORG NAME ROLE [request=ID]   (prints the key once: store it safely)
  list-keys ORG [all]                     (all: revoked keys too)
  revoke-key ORG KEY_ID
Audit trail (every write made with a key, and refused attempts):
  audit ORG [SINCE]                        (SINCE: YYYY-MM-DD or RFC 3339; ORG '-': platform)
)";

namespace {

using Keys = Client<pos::v1::IdentityService>;

std::string OrgArg(const std::string& arg) { return arg == "-" ? "" : arg; }

bool ParseRoleName(const std::string& name, pos::v1::Role* role) {
  std::string upper;
  for (char c : name)
    upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return pos::v1::Role_Parse(upper, role) && *role != pos::v1::ROLE_UNSPECIFIED;
}

void PrintKey(const pos::v1::ApiKey& k) {
  std::string role = pos::v1::Role_Name(k.role());
  for (char& c : role) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::cout << "  " << k.key_id() << "  " << role << "  "
            << (k.org_id().empty() ? "(platform)" : k.org_id()) << "  '" << k.name()
            << "'  created " << When(k.created_at()) << " by " << k.created_by();
  if (k.has_revoked_at()) {
    std::cout << "  REVOKED " << When(k.revoked_at()) << " by " << k.revoked_by();
  }
  std::cout << "\n";
}

// audit ORG [SINCE]: the rows, oldest first, all pages.
int PrintAudit(const std::vector<std::string>& a) {
  pos::v1::ListAuditRequest req;
  req.set_org_id(OrgArg(a[1]));
  req.set_limit(1000);
  if (a.size() > 2) {
    absl::Time since;
    std::string err;
    if (!absl::ParseTime(absl::RFC3339_full, a[2], &since, &err) &&
        !absl::ParseTime("%Y-%m-%d", a[2], &since, &err)) {
      std::cerr << "posctl: SINCE must be YYYY-MM-DD or RFC 3339, not '" << a[2] << "'\n";
      return 2;
    }
    req.mutable_since()->set_seconds(absl::ToUnixSeconds(since));
  }
  Keys keys;
  pos::v1::AuditTrail trail;
  if (!keys.Call(&pos::v1::IdentityService::Stub::ListAudit, req, &trail)) return 1;
  for (const auto& r : trail.rows()) {
    std::cout << "audit " << r.audit_id() << " " << When(r.at()) << " " << r.outcome()
              << " " << r.rpc() << " by " << r.principal() << " ('" << r.principal_name()
              << "', " << r.role() << ")" << (r.target().empty() ? "" : " " + r.target())
              << " sha256:" << r.request_sha256().substr(0, 12)
              << (r.message().empty() ? "" : " : " + r.message()) << "\n";
  }
  std::cout << trail.rows_size() << " row(s)"
            << (trail.rows_size() == 1000 ? " (first 1000)" : "") << "\n";
  return 0;
}

}  // namespace

bool RunKeyCommand(const std::vector<std::string>& a, int* rc) {
  const std::string& cmd = a[0];
  if (cmd != "create-key" && cmd != "list-keys" && cmd != "revoke-key" &&
      cmd != "audit") {
    return false;
  }
  *rc = 2;
  const size_t need = cmd == "create-key" ? 4 : cmd == "revoke-key" ? 3 : 2;
  if (cmd == "audit" && a.size() >= 2) {
    *rc = PrintAudit(a);
    return true;
  }
  if (a.size() < need) {
    std::cerr << "posctl: " << cmd << " needs " << need - 1 << " arguments\n"
              << kKeyUsage;
    return true;
  }
  Keys keys;
  if (cmd == "create-key") {
    pos::v1::CreateApiKeyRequest req;
    req.set_org_id(OrgArg(a[1]));
    req.set_name(a[2]);
    pos::v1::Role role;
    if (!ParseRoleName(a[3], &role)) {
      std::cerr << "posctl: unknown role '" << a[3] << "'\n" << kKeyUsage;
      return true;
    }
    req.set_role(role);
    std::map<std::string, std::string> opts;
    if (!Options(a, 4, &opts)) return true;
    req.set_request_id(opts.count("request") ? opts["request"] : NewUuid());
    pos::v1::CreatedApiKey created;
    if (!keys.Call(&pos::v1::IdentityService::Stub::CreateApiKey, req, &created)) {
      return *rc = 1, true;
    }
    std::cout << "created (shown this once; it is stored only as a hash):\n";
    PrintKey(created.key());
    std::cout << "key " << created.secret() << "\n";
  } else if (cmd == "list-keys") {
    pos::v1::ListApiKeysRequest req;
    req.set_org_id(OrgArg(a[1]));
    req.set_include_revoked(a.size() > 2 && a[2] == "all");
    pos::v1::ApiKeyList list;
    if (!keys.Call(&pos::v1::IdentityService::Stub::ListApiKeys, req, &list)) {
      return *rc = 1, true;
    }
    std::cout << list.keys_size() << " key(s)\n";
    for (const auto& k : list.keys()) PrintKey(k);
  } else {
    pos::v1::RevokeApiKeyRequest req;
    req.set_org_id(OrgArg(a[1]));
    req.set_key_id(a[2]);
    pos::v1::ApiKey key;
    if (!keys.Call(&pos::v1::IdentityService::Stub::RevokeApiKey, req, &key)) {
      return *rc = 1, true;
    }
    std::cout << "revoked:\n";
    PrintKey(key);
  }
  *rc = 0;
  return true;
}

}  // namespace tillstream
