// All PostgreSQL repositories over one pool, one class per interface, and
// the statements every new connection prepares for the hot paths (till
// hello, scans, bills, customer look-ups).
#ifndef TILLSTREAM_SERVER_STORAGE_PG_STORAGE_H_
#define TILLSTREAM_SERVER_STORAGE_PG_STORAGE_H_

#include <pqxx/pqxx>

#include "server/storage/pg_audit_repository.h"
#include "server/storage/pg_bill_repository.h"
#include "server/storage/pg_billing_config_repository.h"
#include "server/storage/pg_cashier_repository.h"
#include "server/storage/pg_catalog_repository.h"
#include "server/storage/pg_catalog_sync_repository.h"
#include "server/storage/pg_customer_repository.h"
#include "server/storage/pg_guess_repository.h"
#include "server/storage/pg_invoice_repository.h"
#include "server/storage/pg_journal.h"
#include "server/storage/pg_key_repository.h"
#include "server/storage/pg_loyalty_repository.h"
#include "server/storage/pg_org_repository.h"
#include "server/storage/pg_pool.h"
#include "server/storage/pg_purchase_repository.h"
#include "server/storage/pg_report_repository.h"
#include "server/storage/pg_till_certificate_repository.h"

namespace tillstream {

struct PgStorage {
  explicit PgStorage(PgPool* pool)
      : orgs(pool),
        catalog(pool),
        syncs(pool),
        customers(pool),
        bills(pool),
        billing(pool),
        loyalty(pool),
        reports(pool),
        invoices(pool),
        purchases(pool),
        keys(pool),
        audit(pool),
        guesses(pool),
        tills(pool),
        cashiers(pool),
        journal(pool) {}

  // Pass to PgPool::Open.
  static void PrepareStatements(pqxx::connection& c);

  PgOrgRepository orgs;
  PgCatalogRepository catalog;
  PgCatalogSyncRepository syncs;
  PgCustomerRepository customers;
  PgBillRepository bills;
  PgBillingConfigRepository billing;
  PgLoyaltyRepository loyalty;
  PgReportRepository reports;
  PgInvoiceRepository invoices;
  PgPurchaseRepository purchases;
  PgKeyRepository keys;
  PgAuditRepository audit;
  PgGuessRepository guesses;
  PgTillCertificateRepository tills;
  PgCashierRepository cashiers;
  PgJournalRepository journal;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_STORAGE_PG_STORAGE_H_
