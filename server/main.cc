// posd: the tillstream back-office server.
#include <signal.h>

#include <memory>
#include <string>

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "common/env.h"
#include "pos/v1/pos.pb.h"
#include "server/domain/back_office.h"
#include "server/rpc/admin_service.h"
#include "server/rpc/convert.h"
#include "server/rpc/terminal_service.h"
#include "server/rpc/worker_pool.h"
#include "server/storage/migrations.h"
#include "server/storage/pg_pool.h"
#include "server/storage/pg_repository.h"

using tillstream::EnvOr;

ABSL_FLAG(std::string, listen, EnvOr("POS_LISTEN", "127.0.0.1:50051"),
          "address:port to serve gRPC on (env POS_LISTEN)");
ABSL_FLAG(std::string, database_url, EnvOr("POS_DATABASE_URL", ""),
          "PostgreSQL URL, e.g. postgresql://user@host:5432/db (env POS_DATABASE_URL)");
ABSL_FLAG(std::string, admin_token, EnvOr("POS_ADMIN_TOKEN", ""),
          "bearer token the admin RPCs require; empty disables the check "
          "(env POS_ADMIN_TOKEN)");
ABSL_FLAG(int, workers, 16, "worker threads for database work");
ABSL_FLAG(int, db_connections, 16, "PostgreSQL connections in the pool");
ABSL_FLAG(int, drain_seconds, 10,
          "on SIGTERM, how long in-flight requests may take before calls are cancelled");
ABSL_FLAG(bool, migrate_only, false, "apply the schema migrations and exit");

namespace tillstream {
namespace {

int Serve() {
  const std::string url = absl::GetFlag(FLAGS_database_url);
  if (url.empty()) {
    spdlog::critical("no database: pass --database_url or set POS_DATABASE_URL");
    return 2;
  }
  auto pool = PgPool::Open(url, absl::GetFlag(FLAGS_db_connections));
  if (!pool.ok()) {
    spdlog::critical("cannot reach the database: {}", pool.status().ToString());
    return 1;
  }
  auto applied = ApplyMigrations(**pool, BuiltInMigrations());
  if (!applied.ok()) {
    spdlog::critical("{}", applied.status().ToString());
    return 1;
  }
  spdlog::info("schema up to date ({} migration(s) applied now)", *applied);
  if (absl::GetFlag(FLAGS_migrate_only)) return 0;

  PgRepository repository(pool->get());
  const Repositories repos = repository.AsRepositories();
  WorkerPool workers(absl::GetFlag(FLAGS_workers), 100000);
  TerminalServiceImpl terminal(repos, &workers);
  BackOffice back_office(repos);
  back_office.set_price_change_listener(
      [&terminal](const Org& org, const std::vector<CatalogItem>& changed) {
        for (const CatalogItem& item : changed) {
          pos::v1::TillResponse push;
          auto* change = push.mutable_price_change();
          change->set_sku(item.sku);
          change->set_name(item.name);
          *change->mutable_unit_price() = ToMoney(item.unit_price_minor, org.currency);
          terminal.Broadcast(org.org_id, push);
        }
      });
  AdminServiceImpl admin(&back_office, &workers, absl::GetFlag(FLAGS_admin_token));

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(absl::GetFlag(FLAGS_listen), grpc::InsecureServerCredentials(),
                           &port);
  // Tills ping every 20 s to notice a dead LAN; allow that (default is 5 min).
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.RegisterService(&terminal);
  builder.RegisterService(&admin);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) {
    spdlog::critical("cannot listen on {}", absl::GetFlag(FLAGS_listen));
    return 1;
  }
  server->GetHealthCheckService()->SetServingStatus(true);
  spdlog::info("posd serving on {} (admin token {})", absl::GetFlag(FLAGS_listen),
               absl::GetFlag(FLAGS_admin_token).empty() ? "off" : "on");

  // Wait for SIGTERM or SIGINT (blocked in every thread, taken here).
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  int sig = 0;
  sigwait(&signals, &sig);
  spdlog::info("signal {}: draining (open till streams: {})", sig, terminal.open_streams());

  server->GetHealthCheckService()->SetServingStatus(false);
  terminal.CloseAll();
  server->Shutdown(std::chrono::system_clock::now() +
                   std::chrono::seconds(absl::GetFlag(FLAGS_drain_seconds)));
  workers.Drain();
  server->Wait();
  spdlog::info("posd stopped");
  return 0;
}

}  // namespace
}  // namespace tillstream

int main(int argc, char** argv) {
  // Block the shutdown signals before any thread starts, so only sigwait sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  absl::SetProgramUsageMessage("tillstream back-office server");
  absl::ParseCommandLine(argc, argv);
  spdlog::set_default_logger(spdlog::stderr_color_mt("posd"));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ posd: %v");
  return tillstream::Serve();
}
