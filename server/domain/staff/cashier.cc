#include "server/domain/staff/cashier.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/enum_names.h"
#include "common/validation.h"

namespace tillstream {
namespace {

std::string Clock(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d %H:%M UTC", t, absl::UTCTimeZone());
}

}  // namespace

const char* CashierRoleName(CashierRole role) {
  return EnumName(role, {"cashier", "supervisor"});
}

absl::Status CheckPin(absl::string_view field, absl::string_view pin) {
  if (pin.size() < 4 || pin.size() > 12)
    return FieldError(field, "must be 4 to 12 digits");
  for (char c : pin) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      return FieldError(field, "must be 4 to 12 digits");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckNotLocked(const Cashier& cashier, absl::Time now) {
  if (cashier.locked_until && *cashier.locked_until > now) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "cashier ", cashier.cashier_id, " is locked after too many wrong PINs until ",
        Clock(*cashier.locked_until),
        " (the back office can unlock: posctl unlock-cashier)"));
  }
  return absl::OkStatus();
}

absl::Status WrongPin(const Cashier& cashier, const PinPolicy& policy, absl::Time now) {
  if (auto locked = CheckNotLocked(cashier, now); !locked.ok()) return locked;
  const int left = policy.max_failures - cashier.failed_pins;
  return absl::UnauthenticatedError(
      absl::StrCat("wrong PIN for cashier ", cashier.cashier_id, " (", left,
                   left == 1 ? " try" : " tries", " left before it locks for ",
                   absl::ToInt64Minutes(policy.lock), " minutes)"));
}

}  // namespace tillstream
