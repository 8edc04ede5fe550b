// posd: the tillstream back-office server.
#include <pthread.h>
#include <signal.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "common/env.h"
#include "server/rpc/protobuf_log.h"
#include "server/server_app.h"
#include "server/storage/migrations.h"

using tillstream::EnvOr;

ABSL_FLAG(std::string, listen, EnvOr("POS_LISTEN", "127.0.0.1:50051"),
          "address:port to serve gRPC on (env POS_LISTEN)");
ABSL_FLAG(std::string, database_url, EnvOr("POS_DATABASE_URL", ""),
          "PostgreSQL URL, e.g. postgresql://user@host:5432/db (env POS_DATABASE_URL)");
ABSL_FLAG(std::string, tls_cert, EnvOr("POS_TLS_CERT", ""),
          "PEM file of the server certificate (env POS_TLS_CERT)");
ABSL_FLAG(std::string, tls_key, EnvOr("POS_TLS_KEY", ""),
          "PEM file of its private key (env POS_TLS_KEY)");
ABSL_FLAG(std::string, till_ca_cert, EnvOr("POS_TILL_CA_CERT", ""),
          "PEM certificate of the CA that signs tills' client certificates "
          "(env POS_TILL_CA_CERT; deploy/make-certs.sh makes one)");
ABSL_FLAG(std::string, till_ca_key, EnvOr("POS_TILL_CA_KEY", ""),
          "PEM private key of the till CA: posd signs a till's certificate when it "
          "enrols (env POS_TILL_CA_KEY; keep it mode 0600)");
ABSL_FLAG(int, till_certificate_days, 365, "how long a till's certificate is valid");
ABSL_FLAG(bool, insecure, EnvOr("POS_INSECURE", "") == "1",
          "serve plaintext instead of TLS, on a closed test network only "
          "(env POS_INSECURE=1)");
ABSL_FLAG(int, guess_limit, 20,
          "unknown codes or customers a till or an API key may ask for per window "
          "before it must wait");
ABSL_FLAG(int, guess_window_s, 300, "the guessing limit's window, in seconds");
ABSL_FLAG(int, workers, 16, "worker threads for database work");
ABSL_FLAG(int, db_connections, 16, "PostgreSQL connections in the pool");
ABSL_FLAG(int, drain_seconds, 10,
          "on SIGTERM, how long in-flight requests may take before calls are cancelled");
ABSL_FLAG(int, database_wait_seconds, 60,
          "at start, how long to wait for the database to answer (retrying with "
          "backoff, health NOT_SERVING meanwhile) before giving up; 0: give up at once");
ABSL_FLAG(int, keepalive_seconds, 30,
          "posd pings a till connection after this long without a ping answer, and "
          "drops it 10 s after an unanswered ping (a till behind a cut cable)");
ABSL_FLAG(bool, migrate_only, false, "apply the schema migrations and exit");
ABSL_FLAG(std::string, bootstrap_platform_key, "",
          "create the first platform_admin key under this name, print it once on "
          "stdout and exit; refused while a platform_admin key is active");

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
  tillstream::RouteProtobufLogs();

  tillstream::ServerConfig config;
  config.listen = absl::GetFlag(FLAGS_listen);
  config.database_url = absl::GetFlag(FLAGS_database_url);
  config.transport.cert_file = absl::GetFlag(FLAGS_tls_cert);
  config.transport.key_file = absl::GetFlag(FLAGS_tls_key);
  config.transport.till_ca_cert_file = absl::GetFlag(FLAGS_till_ca_cert);
  config.transport.till_ca_key_file = absl::GetFlag(FLAGS_till_ca_key);
  config.transport.insecure = absl::GetFlag(FLAGS_insecure);
  config.till_certificate_validity =
      absl::Hours(24) * std::max(1, absl::GetFlag(FLAGS_till_certificate_days));
  config.guesses.max_failures = absl::GetFlag(FLAGS_guess_limit);
  config.guesses.window = absl::Seconds(absl::GetFlag(FLAGS_guess_window_s));
  config.workers = absl::GetFlag(FLAGS_workers);
  config.db_connections = absl::GetFlag(FLAGS_db_connections);
  config.drain = std::chrono::seconds(absl::GetFlag(FLAGS_drain_seconds));
  config.database_wait =
      absl::Seconds(std::max(0, absl::GetFlag(FLAGS_database_wait_seconds)));
  config.keepalive_time =
      absl::Seconds(std::max(1, absl::GetFlag(FLAGS_keepalive_seconds)));

  if (const std::string name = absl::GetFlag(FLAGS_bootstrap_platform_key);
      !name.empty()) {
    auto key = tillstream::ServerApp::BootstrapPlatformKey(config.database_url, name);
    if (!key.ok()) {
      spdlog::critical("{}", key.status().ToString());
      return 1;
    }
    // The only place the key is ever shown: stdout, never the log.
    std::cout << *key << std::endl;
    return 0;
  }

  if (absl::GetFlag(FLAGS_migrate_only)) {
    auto db = tillstream::PgPool::Open(config.database_url, 1);
    if (!db.ok()) {
      spdlog::critical("{}", db.status().ToString());
      return 1;
    }
    auto applied = tillstream::ApplyMigrations(**db, tillstream::BuiltInMigrations());
    if (!applied.ok()) {
      spdlog::critical("{}", applied.status().ToString());
      return 1;
    }
    spdlog::info("{} migration(s) applied", *applied);
    return 0;
  }

  auto app = tillstream::ServerApp::Start(config);
  if (!app.ok()) {
    spdlog::critical("{}", app.status().ToString());
    return 1;
  }
  int sig = 0;
  sigwait(&signals, &sig);
  spdlog::info("signal {}: shutting down", sig);
  (*app)->Shutdown();
  return 0;
}
