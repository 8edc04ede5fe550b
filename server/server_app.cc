#include "server/server_app.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "server/rpc/convert/catalog.h"
#include "server/rpc/convert/wire.h"
#include "server/storage/migrations.h"

namespace tillstream {

absl::StatusOr<std::unique_ptr<ServerApp>> ServerApp::Start(const ServerConfig& config) {
  if (config.database_url.empty()) {
    return absl::InvalidArgumentError(
        "no database: pass --database_url or set POS_DATABASE_URL");
  }
  auto transport = MakeServerTransport(config.transport);
  if (!transport.ok()) return transport.status();
  std::unique_ptr<ServerApp> app(new ServerApp());
  app->config_ = config;
  auto db = PgPool::Open(config.database_url, config.db_connections,
                         &PgStorage::PrepareStatements);
  if (!db.ok()) {
    return absl::Status(db.status().code(), absl::StrCat("cannot reach the database: ",
                                                         db.status().message()));
  }
  app->db_ = *std::move(db);
  auto applied = ApplyMigrations(*app->db_, BuiltInMigrations());
  if (!applied.ok()) return applied.status();
  spdlog::info("schema up to date ({} migration(s) applied now)", *applied);

  app->storage_ = std::make_unique<PgStorage>(app->db_.get());
  PgStorage& store = *app->storage_;
  const Repositories repos{&store.orgs,    &store.catalog, &store.customers, &store.bills,
                           &store.billing, &store.loyalty, &store.reports};
  app->workers_ = std::make_unique<WorkerPool>(config.workers, 100000);
  app->guess_guard_ =
      std::make_unique<GuessGuard>(&store.guesses, config.guesses, absl::Now);
  if (transport->till_ca) {
    app->till_authority_ = std::make_unique<TillAuthority>(
        &store.tills, *transport->till_ca, app->guess_guard_.get(), absl::Now,
        config.till_certificate_validity);
  }
  app->cashier_access_ = std::make_unique<CashierAccess>(&store.cashiers, absl::Now);
  app->terminal_ = std::make_unique<TerminalServiceImpl>(
      repos, app->workers_.get(), app->guess_guard_.get(), app->till_authority_.get(),
      app->cashier_access_.get());
  app->enrolment_ = std::make_unique<TillEnrolmentServiceImpl>(
      app->workers_.get(), app->till_authority_.get());
  app->store_setup_ = std::make_unique<StoreSetup>(repos);
  app->bill_admin_ = std::make_unique<BillAdmin>(repos);
  app->loyalty_admin_ = std::make_unique<LoyaltyAdmin>(repos);
  // A version published through any server reaches the tills of every
  // server, as the delta from the version before.
  TerminalServiceImpl* terminal = app->terminal_.get();
  app->till_catalogs_ = std::make_unique<TillCatalogs>(repos);
  TillCatalogs* catalogs = app->till_catalogs_.get();
  app->catalog_versions_ = std::make_unique<CatalogVersionFeed>(
      config.database_url, [terminal, catalogs](const PublishedVersion& published) {
        auto page = catalogs->Announcement(published.org_id, published.catalog_id,
                                           published.version);
        if (!page.ok()) {
          spdlog::warn("catalog {} version {}: not pushed to the tills: {}",
                       published.catalog_id, published.version, page.status().ToString());
          return;
        }
        pos::v1::TillResponse push;
        *push.mutable_catalog() = ToProtoDelta(*page);
        terminal->Broadcast(published.org_id, published.catalog_id, push);
      });
  app->invoice_flow_ = std::make_unique<InvoiceFlow>(repos, &store.invoices);
  app->access_ =
      std::make_unique<AccessControl>(&store.keys, &store.audit, app->guess_guard_.get());
  app->store_directory_ = std::make_unique<StoreDirectory>(repos);
  app->locations_ = std::make_unique<LocationServiceImpl>(
      app->store_directory_.get(), app->workers_.get(), app->access_.get());
  app->catalog_syncs_ = std::make_unique<CatalogSyncs>(&store.syncs);
  if (config.sync_worker) {
    SyncWorkerOptions options;
    options.worker_id = absl::StrCat("posd-", getpid(), "-", NewUuid().substr(0, 8));
    options.lease = config.sync_lease;
    app->sync_worker_ = std::make_unique<CatalogSyncWorker>(&store.syncs, options);
  }
  app->sync_service_ = std::make_unique<CatalogSyncServiceImpl>(
      app->catalog_syncs_.get(), app->sync_worker_.get(), app->workers_.get(),
      app->access_.get());
  app->identity_ = std::make_unique<IdentityServiceImpl>(
      app->workers_.get(), app->access_.get(), app->till_authority_.get(),
      app->cashier_access_.get());
  app->admin_ = std::make_unique<AdminServiceImpl>(
      app->store_setup_.get(), app->bill_admin_.get(), app->loyalty_admin_.get(),
      app->invoice_flow_.get(), app->workers_.get(), app->access_.get());
  app->invoices_ = std::make_unique<InvoiceServiceImpl>(
      app->invoice_flow_.get(), app->workers_.get(), app->access_.get());
  app->purchase_intake_ = std::make_unique<PurchaseIntake>(repos, &store.purchases);
  app->purchases_ = std::make_unique<PurchaseServiceImpl>(
      app->purchase_intake_.get(), app->workers_.get(), app->access_.get());

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(config.listen, transport->credentials, &app->port_);
  // Tills ping every 20 s to notice a dead LAN; allow that (default is 5 min).
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
                             10000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.RegisterCallbackGenericService(app->terminal_.get());
  builder.RegisterService(app->admin_.get());
  builder.RegisterService(app->invoices_.get());
  builder.RegisterService(app->purchases_.get());
  builder.RegisterService(app->identity_.get());
  builder.RegisterService(app->locations_.get());
  builder.RegisterService(app->sync_service_.get());
  builder.RegisterService(app->enrolment_.get());
  app->server_ = builder.BuildAndStart();
  if (!app->server_ || app->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", config.listen));
  }
  if (app->till_authority_) {
    app->revocation_watch_ = std::make_unique<RevocationWatch>(
        app->till_authority_.get(), app->terminal_.get(), config.revocation_poll);
  }
  if (app->sync_worker_) app->sync_worker_->Start();
  app->server_->GetHealthCheckService()->SetServingStatus(true);
  spdlog::info("posd serving on port {} ({})", app->port_,
               config.transport.insecure ? "PLAINTEXT" : "TLS");
  return app;
}

absl::StatusOr<std::string> ServerApp::BootstrapPlatformKey(
    const std::string& database_url, const std::string& name) {
  auto db = PgPool::Open(database_url, 1);
  if (!db.ok()) return db.status();
  auto applied = ApplyMigrations(**db, BuiltInMigrations());
  if (!applied.ok()) return applied.status();
  PgKeyRepository keys(db->get());
  PgAuditRepository audit(db->get());
  AccessControl access(&keys, &audit);
  auto created = access.BootstrapPlatformKey(name);
  if (!created.ok()) return created.status();
  spdlog::info("platform_admin key {} ('{}') created", created->key.key_id, name);
  return created->text;
}

void ServerApp::Shutdown() {
  if (stopped_) return;
  stopped_ = true;
  spdlog::info("draining (open till streams: {})", terminal_->open_streams());
  server_->GetHealthCheckService()->SetServingStatus(false);
  revocation_watch_.reset();
  if (sync_worker_) sync_worker_->Stop();  // after the job in hand, if any
  terminal_->CloseAll();
  server_->Shutdown(std::chrono::system_clock::now() + config_.drain);
  workers_->Drain();
  server_->Wait();
  catalog_versions_.reset();
  spdlog::info("stopped");
}

ServerApp::~ServerApp() {
  if (server_) Shutdown();
}

}  // namespace tillstream
