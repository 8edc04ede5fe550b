#include "tests/support/pg_environment.h"

#include <cstdio>
#include <cstdlib>
#include <pqxx/pqxx>
#include <stdexcept>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "server/storage/migrations.h"
#include "server/storage/pg_pool.h"

namespace tillstream::testing {
namespace {

std::string g_url;
std::string g_dir;

std::string RunCommand(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) throw std::runtime_error("popen failed: " + cmd);
  char buf[512];
  while (fgets(buf, sizeof(buf), p) != nullptr) out += buf;
  if (pclose(p) != 0) throw std::runtime_error("command failed: " + cmd + "\n" + out);
  return std::string(absl::StripAsciiWhitespace(out));
}

}  // namespace

void PgEnvironment::SetUp() {
  if (const char* url = std::getenv("POS_TEST_DATABASE_URL"); url && *url) {
    g_url = url;
  } else {
    char tmpl[] = "/tmp/tillstream-test-XXXXXX";
    g_dir = mkdtemp(tmpl);
    g_url = RunCommand(absl::StrCat(
        "bash " TILLSTREAM_SOURCE_DIR "/deploy/pg-local.sh start ", g_dir, "/pg"));
  }
  auto pool = PgPool::Open(g_url, 1);
  ASSERT_TRUE(pool.ok()) << pool.status();
  auto applied = ApplyMigrations(**pool, BuiltInMigrations());
  ASSERT_TRUE(applied.ok()) << applied.status();
}

void PgEnvironment::TearDown() {
  if (!g_dir.empty()) {
    RunCommand(absl::StrCat("bash " TILLSTREAM_SOURCE_DIR "/deploy/pg-local.sh stop ",
                            g_dir, "/pg; rmdir ", g_dir));
  }
}

const std::string& PgEnvironment::url() { return g_url; }

std::string PgEnvironment::CreateDatabase(const std::string& name) {
  pqxx::connection c(g_url);
  pqxx::nontransaction tx(c);
  tx.exec("CREATE DATABASE " + tx.quote_name(name));
  const size_t slash = g_url.rfind('/');
  return g_url.substr(0, slash + 1) + name;
}

std::string PgEnvironment::Query(const std::string& sql, const std::string& arg) {
  pqxx::connection c(g_url);
  pqxx::nontransaction tx(c);
  const pqxx::result r = tx.exec_params(sql, arg);
  if (r.empty() || r[0][0].is_null()) return "";
  return r[0][0].as<std::string>();
}

std::string PgEnvironment::UniqueId(const std::string& prefix) {
  return absl::StrCat(prefix, NewUuid().substr(0, 8));
}

}  // namespace tillstream::testing
