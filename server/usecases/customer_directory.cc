#include "server/usecases/customer_directory.h"

#include "common/ids.h"
#include "common/validation.h"
#include "server/domain/customers/customer_repository.h"
#include "server/domain/customers/normalize.h"
#include "server/domain/reports/report_repository.h"

namespace tillstream {

absl::StatusOr<CustomerProfile> CustomerDirectory::Profile(
    const Org& org, const std::string& customer_id) {
  auto today = TodayAt(org, clock_());
  if (!today.ok()) return today.status();
  return repos_.reports->GetProfile(org.org_id, customer_id, kProfileLastBills, *today);
}

absl::StatusOr<CustomerProfile> CustomerDirectory::Lookup(const Org& org,
                                                          const std::string& field,
                                                          IdentifierKind kind,
                                                          const std::string& value) {
  auto normalized = NormalizeIdentifier(field, kind, value, org);
  if (!normalized.ok()) return normalized.status();
  auto customer = repos_.customers->FindCustomer(org.org_id, kind, *normalized);
  if (!customer.ok()) return customer.status();
  return Profile(org, customer->customer_id);
}

absl::StatusOr<std::pair<CustomerProfile, bool>> CustomerDirectory::Enrol(
    const Org& org, const std::string& prefix, const Customer& customer) {
  if (!customer.customer_id.empty()) {
    if (auto s = CheckUuid(prefix + "customer_id", customer.customer_id); !s.ok())
      return s;
  }
  auto c = NormalizeCustomer(prefix, customer, org, /*need_identifier=*/true);
  if (!c.ok()) return c.status();
  if (c->customer_id.empty()) c->customer_id = NewUuid();
  auto enrolled = repos_.customers->EnrolCustomer(org.org_id, *c);
  if (!enrolled.ok()) return enrolled.status();
  auto profile = Profile(org, enrolled->customer.customer_id);
  if (!profile.ok()) return profile.status();
  return std::make_pair(*std::move(profile), enrolled->existed);
}

}  // namespace tillstream
