// Storage of web invoices, their items, payments, codes and redemptions.
#ifndef TILLSTREAM_SERVER_DOMAIN_INVOICING_INVOICE_REPOSITORY_H_
#define TILLSTREAM_SERVER_DOMAIN_INVOICING_INVOICE_REPOSITORY_H_

#include <functional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/invoicing/invoices.h"

namespace tillstream {

// Runs on an invoice read under its row lock, before a change: a non-OK
// status refuses the change.
using InvoiceCheck = std::function<absl::Status(const Invoice&)>;
using RedeemCheck = std::function<absl::Status(const Invoice&, const InvoiceItem&)>;
using CodeSource = std::function<absl::StatusOr<std::string>()>;

class InvoiceRepository {
 public:
  virtual ~InvoiceRepository() = default;
  // The org's settings; the defaults when it never set any.
  virtual absl::StatusOr<InvoiceSettings> GetInvoiceSettings(
      const std::string& org_id) = 0;
  virtual absl::StatusOr<InvoiceSettings> SetInvoiceSettings(
      const InvoiceSettings& settings) = 0;

  // Opens an invoice until now + `open_for` (database time). The same
  // request id again answers that invoice (replayed) when the fingerprint
  // matches and ALREADY_EXISTS when not. NOT_FOUND for an unknown customer.
  virtual absl::StatusOr<Invoice> BeginInvoice(const NewInvoice& invoice,
                                               absl::Duration open_for) = 0;
  // Adds items and payments in one transaction after `check` passed on the
  // locked invoice; replays like BeginInvoice. ALREADY_EXISTS naming the
  // invoice when a processor transaction is recorded already. An open
  // invoice past its time is marked expired (and `check` sees kExpired).
  virtual absl::StatusOr<Invoice> AddToInvoice(const std::string& org_id,
                                               const std::string& invoice_id,
                                               const InvoiceAdditions& additions,
                                               const InvoiceCheck& check) = 0;
  // Commits after `check` with codes from `new_code` for the invoice and
  // each item. A committed invoice answers as it is (replayed), `check`
  // not run.
  virtual absl::StatusOr<Invoice> CommitInvoice(const std::string& org_id,
                                                const std::string& invoice_id,
                                                const InvoiceCheck& check,
                                                const CodeSource& new_code) = 0;
  // Aborts after `check`; an aborted invoice answers as it is (replayed).
  virtual absl::StatusOr<Invoice> AbortInvoice(const std::string& org_id,
                                               const std::string& invoice_id,
                                               const std::string& reason,
                                               const InvoiceCheck& check) = 0;
  // By id, or by the invoice's code when `invoice_id` is empty.
  virtual absl::StatusOr<Invoice> GetInvoice(const std::string& org_id,
                                             const std::string& invoice_id,
                                             const std::string& code) = 0;
  // The item (and its invoice) by code or by invoice id and number.
  virtual absl::StatusOr<std::pair<Invoice, InvoiceItem>> GetInvoiceItem(
      const std::string& org_id, const ItemKey& key) = 0;
  // Redeems under the item's row lock once `check` passed, for
  // `customer_id`, with a new `enrolment_id`, access from now (database
  // time). The same request id by the same customer answers the stored
  // redemption (replayed) without `check`. NOT_FOUND for an unknown
  // customer or item.
  virtual absl::StatusOr<ItemRedemption> RedeemItem(const std::string& org_id,
                                                    const ItemKey& key,
                                                    const std::string& customer_id,
                                                    const std::string& request_id,
                                                    const std::string& enrolment_id,
                                                    const RedeemCheck& check) = 0;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_INVOICING_INVOICE_REPOSITORY_H_
