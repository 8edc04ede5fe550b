#include "server/server_app.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

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
  grpc::EnableDefaultHealthCheckService(true);
  if (auto opened = app->OpenDatabase(transport->credentials); !opened.ok())
    return opened;
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
  app->journal_audit_ = std::make_unique<JournalAudit>(repos, &store.journal);
  app->journal_ = std::make_unique<JournalServiceImpl>(
      app->journal_audit_.get(), app->workers_.get(), app->access_.get());
  app->purchase_intake_ = std::make_unique<PurchaseIntake>(repos, &store.purchases);
  app->purchases_ = std::make_unique<PurchaseServiceImpl>(
      app->purchase_intake_.get(), app->workers_.get(), app->access_.get());

  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(app->config_.listen, transport->credentials, &app->port_);
  // Tills ping every 20 s to notice a dead LAN; allow that (default is 5 min).
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
                             10000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  // And posd pings them: a till behind a cut cable never closes its
  // connection, which would hold a stream, a socket and its buffers forever.
  builder.AddChannelArgument(
      GRPC_ARG_KEEPALIVE_TIME_MS,
      static_cast<int>(absl::ToInt64Milliseconds(config.keepalive_time)));
  builder.AddChannelArgument(
      GRPC_ARG_KEEPALIVE_TIMEOUT_MS,
      static_cast<int>(absl::ToInt64Milliseconds(config.keepalive_timeout)));
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);  // idle too
  builder.RegisterCallbackGenericService(app->terminal_.get());
  builder.RegisterService(app->admin_.get());
  builder.RegisterService(app->invoices_.get());
  builder.RegisterService(app->purchases_.get());
  builder.RegisterService(app->journal_.get());
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
  app->SetServing(true);
  ServerApp* self = app.get();
  app->database_watch_ = std::make_unique<DatabaseWatch>(
      config.database_url,
      std::chrono::milliseconds(absl::ToInt64Milliseconds(config.health_poll)),
      [self](bool reachable) { self->SetServing(reachable); });
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

namespace {

// Every service posd serves, by the names health answers for.
const char* const kServiceNames[] = {
    pos::v1::TerminalService::service_full_name(),
    pos::v1::AdminService::service_full_name(),
    pos::v1::InvoiceService::service_full_name(),
    pos::v1::PurchaseService::service_full_name(),
    pos::v1::JournalService::service_full_name(),
    pos::v1::IdentityService::service_full_name(),
    pos::v1::LocationService::service_full_name(),
    pos::v1::CatalogSyncService::service_full_name(),
    pos::v1::TillEnrolmentService::service_full_name(),
};

// A server holding the port while posd waits for its database: health only,
// every name NOT_SERVING, so an orchestrator sees posd up but not ready.
std::unique_ptr<grpc::Server> StartWaitingServer(
    const std::string& listen,
    const std::shared_ptr<grpc::ServerCredentials>& credentials, int* port) {
  grpc::ServerBuilder builder;
  builder.AddListeningPort(listen, credentials, port);
  auto server = builder.BuildAndStart();
  if (!server || *port == 0) return nullptr;
  server->GetHealthCheckService()->SetServingStatus("", false);
  for (const char* name : kServiceNames) {
    server->GetHealthCheckService()->SetServingStatus(name, false);
  }
  return server;
}

// Runs `cancel` at `deadline` unless disarmed first.
class DeadlineGuard {
 public:
  DeadlineGuard(std::chrono::system_clock::time_point deadline,
                std::function<void()> cancel)
      : thread_([this, deadline, cancel = std::move(cancel)] {
          std::unique_lock<std::mutex> lock(mu_);
          if (!done_cv_.wait_until(lock, deadline, [this] { return done_; })) cancel();
        }) {}
  ~DeadlineGuard() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    done_cv_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable done_cv_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace

absl::Status ServerApp::OpenDatabase(
    const std::shared_ptr<grpc::ServerCredentials>& credentials) {
  // A frozen network must not hang a connection attempt for minutes.
  const std::string url = WithConnectTimeout(config_.database_url, 5);
  const absl::Time give_up = absl::Now() + config_.database_wait;
  absl::Duration pause = absl::Milliseconds(250);
  std::unique_ptr<grpc::Server> waiting;
  int port = 0;
  auto db = PgPool::Open(url, config_.db_connections, &PgStorage::PrepareStatements);
  while (!db.ok() && db.status().code() == absl::StatusCode::kUnavailable &&
         absl::Now() + pause < give_up) {
    if (!waiting) {
      waiting = StartWaitingServer(config_.listen, credentials, &port);
      if (!waiting) return absl::UnavailableError("cannot listen on " + config_.listen);
    }
    spdlog::warn("the database does not answer yet; retrying in {} ms, for {} s more: {}",
                 absl::ToInt64Milliseconds(pause),
                 absl::ToInt64Seconds(give_up - absl::Now()),
                 std::string(db.status().message()));
    absl::SleepFor(pause);
    pause = std::min(pause * 2, absl::Seconds(5));
    db = PgPool::Open(url, config_.db_connections, &PgStorage::PrepareStatements);
  }
  if (waiting) {
    waiting->Shutdown();
    waiting->Wait();
    // The real server takes over the port the waiting one held.
    config_.listen =
        config_.listen.substr(0, config_.listen.rfind(':') + 1) + std::to_string(port);
  }
  if (!db.ok()) {
    return absl::Status(db.status().code(), absl::StrCat("cannot reach the database: ",
                                                         db.status().message()));
  }
  if (waiting) spdlog::info("the database answers now");
  db_ = *std::move(db);
  return absl::OkStatus();
}

void ServerApp::SetServing(bool serving) {
  grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService();
  health->SetServingStatus("", serving);
  for (const char* name : kServiceNames) health->SetServingStatus(name, serving);
}

void ServerApp::Shutdown() {
  if (stopped_) return;
  stopped_ = true;
  spdlog::info("draining (open till streams: {})", terminal_->open_streams());
  const auto deadline = std::chrono::system_clock::now() + config_.drain;
  database_watch_.reset();
  SetServing(false);
  {
    // Past the drain limit, database work still running (a lock wait, a
    // database that stopped answering) is cancelled: nothing of it is
    // committed or acknowledged, and the tills resend their bills.
    DeadlineGuard limit(deadline, [this] {
      spdlog::warn("drain limit reached: cancelling the database work still running");
      db_->CancelAll();
    });
    revocation_watch_.reset();
    if (sync_worker_) sync_worker_->Stop();  // after the job in hand, if any
    terminal_->CloseAll();
    server_->Shutdown(deadline);
    workers_->Drain();
    server_->Wait();
  }
  catalog_versions_.reset();
  spdlog::info("stopped");
}

ServerApp::~ServerApp() {
  if (server_) Shutdown();
}

}  // namespace tillstream
