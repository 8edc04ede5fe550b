// posctl's commands for cashiers (IdentityService). A PIN is read from the
// first line of stdin, never from the command line (which every user of the
// machine can see in the process list).
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "pos/v1/identity.grpc.pb.h"
#include "tools/posctl_admin.h"

namespace tillstream {

const char kCashierUsage[] = R"(
Cashiers (sign in at the till with a PIN; supervisors approve returns and large discounts):
  set-cashier ORG CASHIER_ID NAME cashier|supervisor   (reads the PIN, 4-12 digits, from
                                                       stdin; creates or replaces; unlocks)
  list-cashiers ORG
  unlock-cashier ORG CASHIER_ID                        (after five wrong PINs)
)";

namespace {

void PrintCashier(const pos::v1::Cashier& c) {
  std::cout << "  " << c.cashier_id() << "  '" << c.name() << "'  "
            << (c.role() == pos::v1::SUPERVISOR ? "supervisor" : "cashier");
  if (c.failed_pins() > 0) std::cout << "  " << c.failed_pins() << " wrong PIN(s)";
  if (c.has_locked_until()) std::cout << "  LOCKED until " << When(c.locked_until());
  std::cout << "\n";
}

}  // namespace

bool RunCashierCommand(const std::vector<std::string>& a, int* rc) {
  const std::string& cmd = a[0];
  if (cmd != "set-cashier" && cmd != "list-cashiers" && cmd != "unlock-cashier") {
    return false;
  }
  *rc = 2;
  const size_t need = cmd == "set-cashier" ? 5 : cmd == "unlock-cashier" ? 3 : 2;
  if (a.size() < need) {
    std::cerr << "posctl: " << cmd << " needs " << need - 1 << " arguments\n"
              << kCashierUsage;
    return true;
  }
  Client<pos::v1::IdentityService> identity;
  if (cmd == "set-cashier") {
    pos::v1::SetCashierRequest req;
    req.set_org_id(a[1]);
    req.set_cashier_id(a[2]);
    req.set_name(a[3]);
    if (a[4] != "cashier" && a[4] != "supervisor") {
      std::cerr << "posctl: the role is cashier or supervisor\n";
      return true;
    }
    req.set_role(a[4] == "supervisor" ? pos::v1::SUPERVISOR : pos::v1::CASHIER);
    std::string pin;
    std::getline(std::cin, pin);
    req.set_pin(std::string(absl::StripAsciiWhitespace(pin)));
    pos::v1::Cashier out;
    if (!identity.Call(&pos::v1::IdentityService::Stub::SetCashier, req, &out)) {
      return *rc = 1, true;
    }
    std::cout << "cashier set:\n";
    PrintCashier(out);
  } else if (cmd == "list-cashiers") {
    pos::v1::ListCashiersRequest req;
    req.set_org_id(a[1]);
    pos::v1::CashierList list;
    if (!identity.Call(&pos::v1::IdentityService::Stub::ListCashiers, req, &list)) {
      return *rc = 1, true;
    }
    std::cout << list.cashiers_size() << " cashier(s)\n";
    for (const auto& c : list.cashiers()) PrintCashier(c);
  } else {
    pos::v1::UnlockCashierRequest req;
    req.set_org_id(a[1]);
    req.set_cashier_id(a[2]);
    pos::v1::Cashier out;
    if (!identity.Call(&pos::v1::IdentityService::Stub::UnlockCashier, req, &out)) {
      return *rc = 1, true;
    }
    std::cout << "unlocked:\n";
    PrintCashier(out);
  }
  *rc = 0;
  return true;
}

}  // namespace tillstream
