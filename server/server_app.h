// The assembled back-office server: database pool, migrations, repositories,
// worker pool and the gRPC services. posd's main() and the integration tests
// both run it.
#ifndef TILLSTREAM_SERVER_SERVER_APP_H_
#define TILLSTREAM_SERVER_SERVER_APP_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "server/rpc/admin_service.h"
#include "server/rpc/catalog_sync_service.h"
#include "server/rpc/identity_service.h"
#include "server/rpc/invoice_service.h"
#include "server/rpc/journal_service.h"
#include "server/rpc/location_service.h"
#include "server/rpc/purchase_service.h"
#include "server/rpc/revocation_watch.h"
#include "server/rpc/server_credentials.h"
#include "server/rpc/terminal_service.h"
#include "server/rpc/till_enrolment_service.h"
#include "server/rpc/worker_pool.h"
#include "server/storage/catalog_version_feed.h"
#include "server/storage/database_watch.h"
#include "server/storage/pg_pool.h"
#include "server/storage/pg_storage.h"
#include "server/usecases/access_control.h"
#include "server/usecases/bill_admin.h"
#include "server/usecases/cashier_access.h"
#include "server/usecases/catalog_syncs.h"
#include "server/usecases/invoice_flow.h"
#include "server/usecases/journal_audit.h"
#include "server/usecases/loyalty_admin.h"
#include "server/usecases/purchase_intake.h"
#include "server/usecases/store_setup.h"
#include "server/usecases/till_catalogs.h"

namespace tillstream {

struct ServerConfig {
  std::string listen = "127.0.0.1:50051";  // port 0 picks a free one
  std::string database_url;
  TransportConfig transport;  // TLS files, or insecure
  GuessPolicy guesses;        // failed look-ups allowed per till or key and window
  absl::Duration till_certificate_validity = absl::Hours(24 * 365);
  absl::Duration revocation_poll =
      absl::Seconds(1);  // how soon revoked tills are cut off
  int workers = 16;
  int db_connections = 16;
  std::chrono::seconds drain{10};
  // posd may start before its database (a compose topology): it listens at
  // once with health NOT_SERVING and retries, with backoff, this long.
  absl::Duration database_wait = absl::Seconds(60);
  // How often health asks the database whether it answers.
  absl::Duration health_poll = absl::Seconds(1);
  // A till that stopped answering (a cut cable) is dropped after about
  // keepalive_time + keepalive_timeout: posd pings it, and gives up.
  absl::Duration keepalive_time = absl::Seconds(30);
  absl::Duration keepalive_timeout = absl::Seconds(10);
  // Catalog syncs are worked off by every posd that runs a worker; a sync
  // whose posd died is taken over once its lease ran out.
  bool sync_worker = true;
  absl::Duration sync_lease = absl::Seconds(10);
};

class ServerApp {
 public:
  // Connects, migrates and starts serving.
  static absl::StatusOr<std::unique_ptr<ServerApp>> Start(const ServerConfig& config);
  ~ServerApp();

  // The first platform_admin key, made against the database while none is
  // active (`posd --bootstrap_platform_key NAME`); the whole key text.
  static absl::StatusOr<std::string> BootstrapPlatformKey(const std::string& database_url,
                                                          const std::string& name);

  int port() const { return port_; }
  size_t open_streams() { return terminal_->open_streams(); }

  // Graceful stop: NOT_SERVING, close till streams once their in-flight
  // request is answered, wait up to `drain` for calls to end, then cancel
  // them and the database work still running, so it never takes much longer.
  void Shutdown();

 private:
  ServerApp() = default;
  // The pool, once the database answers; meanwhile a server with health
  // alone (NOT_SERVING) holds `config_.listen`, which then names its port.
  absl::Status OpenDatabase(const std::shared_ptr<grpc::ServerCredentials>& credentials);
  void SetServing(bool serving);

  ServerConfig config_;
  std::unique_ptr<PgPool> db_;
  std::unique_ptr<PgStorage> storage_;
  std::unique_ptr<WorkerPool> workers_;
  std::unique_ptr<TerminalServiceImpl> terminal_;
  std::unique_ptr<StoreSetup> store_setup_;
  std::unique_ptr<BillAdmin> bill_admin_;
  std::unique_ptr<LoyaltyAdmin> loyalty_admin_;
  std::unique_ptr<AdminServiceImpl> admin_;
  std::unique_ptr<InvoiceFlow> invoice_flow_;
  std::unique_ptr<InvoiceServiceImpl> invoices_;
  std::unique_ptr<PurchaseIntake> purchase_intake_;
  std::unique_ptr<PurchaseServiceImpl> purchases_;
  std::unique_ptr<GuessGuard> guess_guard_;
  std::unique_ptr<AccessControl> access_;
  std::unique_ptr<IdentityServiceImpl> identity_;
  std::unique_ptr<StoreDirectory> store_directory_;
  std::unique_ptr<LocationServiceImpl> locations_;
  std::unique_ptr<JournalAudit> journal_audit_;
  std::unique_ptr<JournalServiceImpl> journal_;
  std::unique_ptr<CatalogSyncs> catalog_syncs_;
  std::unique_ptr<CatalogSyncWorker> sync_worker_;
  std::unique_ptr<CatalogSyncServiceImpl> sync_service_;
  std::unique_ptr<TillAuthority> till_authority_;
  std::unique_ptr<CashierAccess> cashier_access_;
  std::unique_ptr<TillEnrolmentServiceImpl> enrolment_;
  std::unique_ptr<RevocationWatch> revocation_watch_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<TillCatalogs> till_catalogs_;
  std::unique_ptr<CatalogVersionFeed> catalog_versions_;
  std::unique_ptr<DatabaseWatch> database_watch_;
  int port_ = 0;
  bool stopped_ = false;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_SERVER_APP_H_
