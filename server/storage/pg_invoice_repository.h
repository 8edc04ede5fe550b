// InvoiceRepository on PostgreSQL. Each change runs in one transaction under
// the invoice's row lock (an item's row lock for redemptions), so two
// servers cannot both commit, add to a closed invoice or redeem one item.
#ifndef TILLSTREAM_SERVER_STORAGE_PG_INVOICE_REPOSITORY_H_
#define TILLSTREAM_SERVER_STORAGE_PG_INVOICE_REPOSITORY_H_

#include <pqxx/pqxx>
#include <string>
#include <utility>

#include "server/domain/invoicing/invoice_repository.h"
#include "server/storage/pg_pool.h"

namespace tillstream {

class PgInvoiceRepository : public InvoiceRepository {
 public:
  explicit PgInvoiceRepository(PgPool* pool) : pool_(pool) {}

  absl::StatusOr<InvoiceSettings> GetInvoiceSettings(const std::string& org_id) override;
  absl::StatusOr<InvoiceSettings> SetInvoiceSettings(
      const InvoiceSettings& settings) override;
  absl::StatusOr<Invoice> BeginInvoice(const NewInvoice& invoice,
                                       absl::Duration open_for) override;
  absl::StatusOr<Invoice> AddToInvoice(const std::string& org_id,
                                       const std::string& invoice_id,
                                       const InvoiceAdditions& additions,
                                       const InvoiceCheck& check) override;
  absl::StatusOr<Invoice> CommitInvoice(const std::string& org_id,
                                        const std::string& invoice_id,
                                        const InvoiceCheck& check,
                                        const CodeSource& new_code) override;
  absl::StatusOr<Invoice> AbortInvoice(const std::string& org_id,
                                       const std::string& invoice_id,
                                       const std::string& reason,
                                       const InvoiceCheck& check) override;
  absl::StatusOr<Invoice> GetInvoice(const std::string& org_id,
                                     const std::string& invoice_id,
                                     const std::string& code) override;
  absl::StatusOr<std::pair<Invoice, InvoiceItem>> GetInvoiceItem(
      const std::string& org_id, const ItemKey& key) override;
  absl::StatusOr<ItemRedemption> RedeemItem(const std::string& org_id, const ItemKey& key,
                                            const std::string& customer_id,
                                            const std::string& request_id,
                                            const std::string& enrolment_id,
                                            const RedeemCheck& check) override;

 private:
  PgPool* const pool_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_STORAGE_PG_INVOICE_REPOSITORY_H_
