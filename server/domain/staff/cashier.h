// Cashiers: the people who sign in at a till with a PIN. A supervisor may
// also approve what a cashier may not do alone (returns, large discounts).
// Wrong PINs lock a cashier for a while, counted in the database so the
// lock holds at every till and on every posd.
#ifndef TILLSTREAM_SERVER_DOMAIN_STAFF_CASHIER_H_
#define TILLSTREAM_SERVER_DOMAIN_STAFF_CASHIER_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace tillstream {

// Stored in cashiers.role and sent on the wire: do not renumber.
enum class CashierRole { kCashier = 1, kSupervisor = 2 };

const char* CashierRoleName(CashierRole role);  // "cashier", "supervisor"

struct Cashier {
  std::string org_id;
  std::string cashier_id;
  std::string name;
  CashierRole role = CashierRole::kCashier;
  int failed_pins = 0;
  std::optional<absl::Time> locked_until;
};

struct PinPolicy {
  int max_failures = 5;  // wrong PINs in a row, then locked
  absl::Duration lock = absl::Minutes(15);
};

// A PIN is 4 to 12 digits (INVALID_ARGUMENT naming `field` otherwise).
absl::Status CheckPin(absl::string_view field, absl::string_view pin);

// OK, or RESOURCE_EXHAUSTED saying until when the cashier is locked.
absl::Status CheckNotLocked(const Cashier& cashier, absl::Time now);

// The refusal for a wrong PIN, after it was counted (`cashier` as it is now).
absl::Status WrongPin(const Cashier& cashier, const PinPolicy& policy, absl::Time now);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_STAFF_CASHIER_H_
