#include "server/storage/pg_storage.h"

#include "server/storage/pg_bill_insert.h"

namespace tillstream {

void PgStorage::PrepareStatements(pqxx::connection& c) {
  PgOrgRepository::PrepareStatements(c);
  PgCatalogRepository::PrepareStatements(c);
  PgBillingConfigRepository::PrepareStatements(c);
  PgCustomerRepository::PrepareStatements(c);
  pg::PrepareBillStatements(c);
  pg::PrepareJournalStatements(c);
}

}  // namespace tillstream
