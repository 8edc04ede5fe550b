// The InvoiceService use cases for partner front ends: users (the org's
// customers), invoice transactions and item redemptions. Validates input,
// applies the rules of invoices.h and delegates to the repositories.
#ifndef TILLSTREAM_SERVER_USECASES_INVOICE_FLOW_H_
#define TILLSTREAM_SERVER_USECASES_INVOICE_FLOW_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/customers/customer.h"
#include "server/domain/invoicing/invoice_repository.h"
#include "server/domain/invoicing/invoices.h"
#include "server/usecases/clock.h"
#include "server/usecases/customer_directory.h"
#include "server/usecases/repositories.h"

namespace tillstream {

class InvoiceFlow {
 public:
  InvoiceFlow(const Repositories& repos, InvoiceRepository* invoices,
              Clock clock = absl::Now)
      : repos_(repos), invoices_(invoices), clock_(clock), customers_(repos, clock) {}

  // kind is kEmail or kExternalId.
  absl::StatusOr<Customer> FindUser(const std::string& org_id, IdentifierKind kind,
                                    const std::string& value);
  // Creates the user, or answers the one holding these identifiers
  // (existed = true, nothing changed).
  absl::StatusOr<std::pair<Customer, bool>> CreateUser(const std::string& org_id,
                                                       const Customer& user);

  absl::StatusOr<Invoice> Begin(NewInvoice invoice);
  absl::StatusOr<Invoice> Add(const std::string& org_id, const std::string& invoice_id,
                              const InvoiceAdditions& additions);
  absl::StatusOr<Invoice> Commit(const std::string& org_id,
                                 const std::string& invoice_id);
  absl::StatusOr<Invoice> Abort(const std::string& org_id, const std::string& invoice_id,
                                const std::string& reason);
  // By id, or by the invoice's redemption code when invoice_id is empty.
  absl::StatusOr<Invoice> Get(const std::string& org_id, const std::string& invoice_id,
                              const std::string& code);
  absl::StatusOr<InvoiceItem> GetItem(const std::string& org_id, ItemKey key);
  absl::StatusOr<ItemRedemption> Redeem(const std::string& org_id, ItemKey key,
                                        const std::string& customer_id,
                                        const std::string& request_id);

  absl::StatusOr<InvoiceSettings> GetSettings(const std::string& org_id);
  // open_minutes 0 keeps the current value.
  absl::StatusOr<InvoiceSettings> SetSettings(InvoiceSettings settings);

 private:
  absl::Status CheckItemKey(ItemKey& key);

  const Repositories repos_;
  InvoiceRepository* const invoices_;
  const Clock clock_;
  CustomerDirectory customers_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_USECASES_INVOICE_FLOW_H_
