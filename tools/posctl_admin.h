// posctl's connections to the back office's services: one stub each, the
// operator's token and a deadline on every call.
#ifndef TILLSTREAM_TOOLS_POSCTL_ADMIN_H_
#define TILLSTREAM_TOOLS_POSCTL_ADMIN_H_

#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "client/api_key_flag.h"
#include "client/channel.h"
#include "common/money.h"
#include "pos/v1/pos.grpc.pb.h"

ABSL_DECLARE_FLAG(std::string, server);
ABSL_DECLARE_FLAG(int, timeout_ms);
ABSL_DECLARE_FLAG(std::string, currency);

namespace tillstream {

// One service's stub with the operator's token and a deadline on every call.
template <typename Service>
class Client {
 public:
  Client() : stub_(Service::NewStub(MakeChannel(absl::GetFlag(FLAGS_server)))) {}

  // Runs one RPC with deadline and token; prints the error and returns false
  // when it fails.
  template <typename Req, typename Resp, typename Method>
  bool Call(Method method, const Req& req, Resp* resp) {
    grpc::ClientContext ctx;
    SetDeadline(&ctx, std::chrono::milliseconds(absl::GetFlag(FLAGS_timeout_ms)));
    AddApiKey(&ctx);
    const grpc::Status status = (stub_.get()->*method)(&ctx, req, resp);
    if (!status.ok()) {
      std::cerr << "posctl: " << absl::StatusCodeToString(FromGrpcStatus(status).code())
                << ": " << status.error_message() << "\n";
      return false;
    }
    return true;
  }

 private:
  std::unique_ptr<typename Service::Stub> stub_;
};

using Admin = Client<pos::v1::AdminService>;

// KEY=VALUE arguments from a[first] on; false (and says so) on a bare word.
inline bool Options(const std::vector<std::string>& a, size_t first,
                    std::map<std::string, std::string>* out) {
  for (size_t i = first; i < a.size(); ++i) {
    const size_t eq = a[i].find('=');
    if (eq == std::string::npos) {
      std::cerr << "posctl: '" << a[i] << "' is not KEY=VALUE\n";
      return false;
    }
    (*out)[a[i].substr(0, eq)] = a[i].substr(eq + 1);
  }
  return true;
}

// A change of versioned settings (billing rules, loyalty) from the KEY=VALUE
// arguments a[2..]: reason= and by= go to the change itself (a reason is
// required, for the audit trail), every other key to `apply(key, value)`,
// which sets it and answers whether the value was good, or nullopt for a key
// it does not know. 0, or 2 after saying what is wrong.
template <typename SetRequest, typename Apply>
int ApplySettings(const std::vector<std::string>& a, const std::string& usage,
                  SetRequest* set, Apply&& apply) {
  std::map<std::string, std::string> opts;
  if (!Options(a, 2, &opts)) return 2;
  for (const auto& [key, value] : opts) {
    if (key == "reason") {
      set->set_reason(value);
      continue;
    }
    if (key == "by") {
      set->set_changed_by(value);
      continue;
    }
    const std::optional<bool> ok = apply(key, value);
    if (!ok.has_value()) {
      std::cerr << "posctl: " << a[0] << ": unknown setting '" << key << "'\n" << usage;
      return 2;
    }
    if (!*ok) {
      std::cerr << "posctl: bad value for " << key << ": '" << value << "'\n";
      return 2;
    }
  }
  if (set->reason().empty()) {
    std::cerr << "posctl: " << a[0] << " needs reason=... for the audit trail\n";
    return 2;
  }
  return 0;
}

// An amount typed in --currency; false (and says so, naming `what`) when it
// is not one.
inline bool ParseAmount(const std::string& what, const std::string& text,
                        pos::v1::Money* out) {
  const std::string currency = absl::GetFlag(FLAGS_currency);
  auto minor = ParseMoney(text, currency);
  if (!minor.ok()) {
    std::cerr << "posctl: " << what << ": " << minor.status().message() << "\n";
    return false;
  }
  out->set_minor_units(*minor);
  out->set_currency(currency);
  return true;
}

// "2026-11-22 10:15:00 UTC", or "-" for an unset time.
inline std::string When(const google::protobuf::Timestamp& ts) {
  if (ts.seconds() == 0) return "-";
  return absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", absl::FromUnixSeconds(ts.seconds()),
                          absl::UTCTimeZone());
}

// "12.34 EUR".
inline std::string Money(const pos::v1::Money& m) {
  return absl::StrCat(FormatMoney(m.minor_units(), m.currency()), " ", m.currency());
}

// Loyalty commands (posctl_loyalty.cc): true when `a[0]` is one of them,
// with its exit code in *rc.
bool RunLoyaltyCommand(Admin& admin, const std::vector<std::string>& a, int* rc);
extern const char kLoyaltyUsage[];

// API keys (posctl_keys.cc), likewise.
bool RunKeyCommand(const std::vector<std::string>& a, int* rc);
extern const char kKeyUsage[];

// Enrolling and revoking tills (posctl_tills.cc), likewise.
bool RunTillCommand(const std::vector<std::string>& a, int* rc);
extern const char kTillUsage[];

// Cashiers (posctl_cashiers.cc), likewise.
bool RunCashierCommand(const std::vector<std::string>& a, int* rc);
extern const char kCashierUsage[];

// Accounts, stores and catalogs (posctl_locations.cc), likewise.
bool RunLocationCommand(const std::vector<std::string>& a, int* rc);
extern const char kLocationUsage[];

// Catalog syncs (posctl_sync.cc), likewise.
bool RunSyncCommand(const std::vector<std::string>& a, int* rc);
extern const char kSyncUsage[];

// Web invoices and recorded purchases (posctl_web.cc), likewise.
bool RunWebCommand(const std::vector<std::string>& a, int* rc);
extern const char kWebUsage[];

// The journal check (posctl_journal.cc), likewise.
bool RunJournalCommand(const std::vector<std::string>& a, int* rc);
extern const char kJournalUsage[];

}  // namespace tillstream

#endif  // TILLSTREAM_TOOLS_POSCTL_ADMIN_H_
