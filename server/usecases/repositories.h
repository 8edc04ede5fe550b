// The storage the use cases are wired to, one interface per subsystem
// (declared in server/domain/<subsystem>/*_repository.h). Forward
// declarations only: a use case includes the interfaces it calls.
#ifndef TILLSTREAM_SERVER_USECASES_REPOSITORIES_H_
#define TILLSTREAM_SERVER_USECASES_REPOSITORIES_H_

namespace tillstream {

class OrgRepository;
class CatalogRepository;
class CustomerRepository;
class BillRepository;
class BillingConfigRepository;
class LoyaltyRepository;
class ReportRepository;

struct Repositories {
  OrgRepository* orgs;
  CatalogRepository* catalog;
  CustomerRepository* customers;
  BillRepository* bills;
  BillingConfigRepository* billing;
  LoyaltyRepository* loyalty;
  ReportRepository* reports;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_USECASES_REPOSITORIES_H_
