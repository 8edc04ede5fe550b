// posctl's commands for enrolling and revoking tills (IdentityService). An
// enrolment code is printed once, on a line of its own starting "code ",
// for a script to take.
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "pos/v1/identity.grpc.pb.h"
#include "tools/posctl_admin.h"

namespace tillstream {

const char kTillUsage[] = R"(
Tills (each enrols once with a one-time code; its certificate then says who it is):
  enrol-till ORG STORE TILL [ttl=MINUTES]   (prints the code once; default 60 minutes;
                                            run pos-terminal --enrol CODE on the till)
  revoke-till ORG STORE TILL                (its certificate is refused on every posd and
                                            its open streams end within seconds)
)";

bool RunTillCommand(const std::vector<std::string>& a, int* rc) {
  const std::string& cmd = a[0];
  if (cmd != "enrol-till" && cmd != "revoke-till") return false;
  *rc = 2;
  if (a.size() < 4) {
    std::cerr << "posctl: " << cmd << " needs ORG STORE TILL\n" << kTillUsage;
    return true;
  }
  Client<pos::v1::IdentityService> identity;
  if (cmd == "enrol-till") {
    std::map<std::string, std::string> opts;
    if (!Options(a, 4, &opts)) return true;
    pos::v1::CreateTillEnrolmentRequest req;
    req.set_org_id(a[1]);
    req.set_store_id(a[2]);
    req.set_till_id(a[3]);
    if (opts.count("ttl")) {
      int minutes = 0;
      if (!absl::SimpleAtoi(opts["ttl"], &minutes)) {
        std::cerr << "posctl: ttl must be a number of minutes\n";
        return true;
      }
      req.set_ttl_minutes(minutes);
    }
    pos::v1::TillEnrolmentCode code;
    if (!identity.Call(&pos::v1::IdentityService::Stub::CreateTillEnrolment, req,
                       &code)) {
      return *rc = 1, true;
    }
    std::cout << "enrolment code for till " << a[1] << "/" << a[2] << "/" << a[3]
              << ", valid until " << When(code.expires_at())
              << " and once (shown this once):\n"
              << "code " << code.code() << "\n";
  } else {
    pos::v1::RevokeTillRequest req;
    req.set_org_id(a[1]);
    req.set_store_id(a[2]);
    req.set_till_id(a[3]);
    pos::v1::RevokeTillResponse revoked;
    if (!identity.Call(&pos::v1::IdentityService::Stub::RevokeTill, req, &revoked)) {
      return *rc = 1, true;
    }
    std::cout << "till " << a[1] << "/" << a[2] << "/" << a[3] << " revoked ("
              << revoked.certificates_revoked()
              << " certificate(s)); enrol it again to use it\n";
  }
  *rc = 0;
  return true;
}

}  // namespace tillstream
