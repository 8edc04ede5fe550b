// posd when its surroundings fail: the database down at start or later, a
// till behind a cut cable, a stop while database work is blocked. The LAN
// and the link to PostgreSQL run through proxies the test owns.
#include <grpcpp/generic/generic_stub.h>

#include <future>
#include <pqxx/pqxx>

#include "tests/support/server_fixture.h"
#include "tests/support/tcp_proxy.h"

namespace tillstream::testing {
namespace {

using pos::v1::TillResponse;
using Clock = std::chrono::steady_clock;

constexpr int kServing = 1;
constexpr int kNotServing = 2;

// grpc.health.v1.Health/Check for `service` ("" is the whole server): the
// status it answers, or -1 when the call failed.
int HealthOf(const std::string& target, const std::string& service) {
  grpc::GenericStub stub(MakeChannel(target));
  grpc::ClientContext ctx;
  SetDeadline(&ctx, std::chrono::seconds(3));
  std::string bytes;  // HealthCheckRequest{service}: field 1, length-delimited
  if (!service.empty()) bytes = std::string("\x0a", 1) + char(service.size()) + service;
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&ctx, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request,
                 &response, [&](grpc::Status s) { done.set_value(s); });
  if (!done.get_future().get().ok()) return -1;
  std::vector<grpc::Slice> slices;
  if (!response.Dump(&slices).ok()) return -1;
  std::string answer;
  for (const auto& s : slices)
    answer.append(reinterpret_cast<const char*>(s.begin()), s.size());
  if (answer.empty()) return 0;  // UNKNOWN
  return answer.size() == 2 && answer[0] == '\x08' ? answer[1] : -1;
}

// Polls `condition` every 50 ms for up to `limit`; whether it came true.
bool Within(std::chrono::milliseconds limit, const std::function<bool()>& condition) {
  const auto give_up = Clock::now() + limit;
  while (Clock::now() < give_up) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return condition();
}

// The test cluster's port, from its URL (…@127.0.0.1:PORT/db).
int PgPort() {
  const std::string& url = PgEnvironment::url();
  const size_t colon = url.rfind(':');
  return std::stoi(url.substr(colon + 1, url.find('/', colon) - colon - 1));
}

int FreePort() {
  TcpProxy probe(1);  // binds a free loopback port, then lets it go
  return probe.port();
}

class ServerFaultsTest : public ServerTest {
 protected:
  // Replaces the fixture's posd with one configured by `tweak`.
  void Restart(const std::function<void(ServerConfig&)>& tweak) {
    app_.reset();
    auto app = StartTestServer(tweak);
    ASSERT_TRUE(app.ok()) << app.status();
    app_ = *std::move(app);
    target_ = "127.0.0.1:" + std::to_string(app_->port());
    admin_ = pos::v1::AdminService::NewStub(MakeChannel(target_));
  }
};

TEST_F(ServerFaultsTest, HealthSaysNotServingWhileTheDatabaseIsDown) {
  TcpProxy db(PgPort());
  Restart([&](ServerConfig& c) {
    c.database_url = db.Redirect(PgEnvironment::url());
    c.health_poll = absl::Milliseconds(200);
  });
  const std::string terminal = pos::v1::TerminalService::service_full_name();
  EXPECT_EQ(HealthOf(target_, ""), kServing);
  EXPECT_EQ(HealthOf(target_, terminal), kServing);
  EXPECT_EQ(HealthOf(target_, "pos.v1.AdminService"), kServing);

  TillClientOptions o = Options();  // enrolled while the database answers
  o.max_attempts = 1;
  db.set_mode(TcpProxy::Mode::kRefuse);  // PostgreSQL unreachable
  EXPECT_TRUE(Within(std::chrono::seconds(5), [&] {
    return HealthOf(target_, "") == kNotServing &&
           HealthOf(target_, terminal) == kNotServing &&
           HealthOf(target_, "pos.v1.AdminService") == kNotServing;
  }));
  // A till connecting meanwhile is told to retry later.
  {
    TillClient till(o);
    auto hello = till.Connect();
    ASSERT_FALSE(hello.ok());
    EXPECT_EQ(hello.status().code(), absl::StatusCode::kUnavailable) << hello.status();
  }

  db.set_mode(TcpProxy::Mode::kForward);  // back
  EXPECT_TRUE(Within(std::chrono::seconds(5), [&] {
    return HealthOf(target_, "") == kServing && HealthOf(target_, terminal) == kServing;
  }));
  TillClient till(o);
  EXPECT_TRUE(till.Connect().ok());
}

TEST_F(ServerFaultsTest, PosdWaitsForItsDatabaseServingNotServingMeanwhile) {
  TcpProxy db(PgPort());
  db.set_mode(TcpProxy::Mode::kRefuse);  // not up yet
  const int port = FreePort();
  const std::string target = "127.0.0.1:" + std::to_string(port);
  auto started = std::async(std::launch::async, [&] {
    return StartTestServer([&](ServerConfig& c) {
      c.listen = target;
      c.database_url = db.Redirect(PgEnvironment::url());
      c.database_wait = absl::Seconds(30);
    });
  });
  // Listening, and saying it is not ready, while the database is away.
  EXPECT_TRUE(Within(std::chrono::seconds(10), [&] {
    return HealthOf(target, "") == kNotServing &&
           HealthOf(target, pos::v1::TerminalService::service_full_name()) == kNotServing;
  }));
  EXPECT_EQ(started.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);

  db.set_mode(TcpProxy::Mode::kForward);
  auto app = started.get();
  ASSERT_TRUE(app.ok()) << app.status();
  EXPECT_EQ((*app)->port(), port);
  EXPECT_EQ(HealthOf(target, ""), kServing);
  EXPECT_EQ(HealthOf(target, pos::v1::TerminalService::service_full_name()), kServing);
}

TEST_F(ServerFaultsTest, PosdGivesUpOnAnAbsentDatabaseAfterItsWait) {
  TcpProxy db(1);
  db.set_mode(TcpProxy::Mode::kRefuse);
  const auto start = Clock::now();
  auto app = StartTestServer([&](ServerConfig& c) {
    c.database_url = db.Redirect(PgEnvironment::url());
    c.database_wait = absl::Seconds(2);
  });
  const auto took = Clock::now() - start;
  ASSERT_FALSE(app.ok());
  EXPECT_EQ(app.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(app.status().message().find("cannot reach the database"), std::string::npos);
  EXPECT_GE(took, std::chrono::milliseconds(1500));
  EXPECT_LT(took, std::chrono::seconds(6));
}

TEST_F(ServerFaultsTest, ATillBehindACutCableIsDroppedAndItsSocketClosed) {
  Restart([](ServerConfig& c) {
    c.keepalive_time = absl::Seconds(1);
    c.keepalive_timeout = absl::Seconds(1);
  });
  TcpProxy lan(app_->port());
  TillClientOptions o = Options();
  o.server = "127.0.0.1:" + std::to_string(lan.port());
  o.max_attempts = 1;
  auto till = std::make_unique<TillClient>(o);
  ASSERT_TRUE(till->Connect().ok());
  ASSERT_EQ(app_->open_streams(), 1u);
  // A quiet till that answers pings keeps its stream.
  std::this_thread::sleep_for(std::chrono::seconds(4));
  EXPECT_EQ(app_->open_streams(), 1u);

  lan.set_mode(TcpProxy::Mode::kSilent);  // the cable is cut: nothing closes
  const auto cut = Clock::now();
  EXPECT_TRUE(Within(std::chrono::seconds(15),
                     [&] {
                       return app_->open_streams() == 0 &&
                              lan.closed_by_target_while_silent() == 1;
                     }))
      << "open streams " << app_->open_streams() << ", closed "
      << lan.closed_by_target_while_silent();
  EXPECT_LT(Clock::now() - cut, std::chrono::seconds(8));
  till.reset();
}

TEST_F(ServerFaultsTest, AStopPastItsDrainLimitCancelsBlockedDatabaseWork) {
  Restart([](ServerConfig& c) { c.drain = std::chrono::seconds(1); });
  auto stub = pos::v1::TerminalService::NewStub(TillChannel());
  grpc::ClientContext ctx;
  SetDeadline(&ctx, std::chrono::seconds(30));
  auto stream = stub->Session(&ctx);
  ASSERT_TRUE(stream->Write(Hello("h")));
  TillResponse resp;
  ASSERT_TRUE(stream->Read(&resp));
  ASSERT_TRUE(resp.has_hello()) << resp.DebugString();

  // Database work that cannot finish: the bills table is locked.
  pqxx::connection locker(PgEnvironment::url());
  auto lock = std::make_unique<pqxx::work>(locker);
  lock->exec("LOCK TABLE bills IN ACCESS EXCLUSIVE MODE");
  TillRequest submit = Submit(NewUuid(), 1, 119);
  submit.set_correlation_id("b");
  ASSERT_TRUE(stream->Write(submit));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));

  auto stopped = std::async(std::launch::async, [&] {
    const auto start = Clock::now();
    app_->Shutdown();
    return Clock::now() - start;
  });
  const bool in_time =
      stopped.wait_for(std::chrono::seconds(15)) == std::future_status::ready;
  lock->abort();  // only now does the table come free
  const auto took = stopped.get();
  EXPECT_TRUE(in_time) << "the stop waited for the lock";
  EXPECT_LT(took, std::chrono::seconds(4));

  bool stored_answer = false;
  while (stream->Read(&resp)) {
    if (resp.correlation_id() == "b" && resp.has_bill()) stored_answer = true;
  }
  stream->Finish();
  EXPECT_FALSE(stored_answer);
  EXPECT_EQ(CountBills(), "0");  // cancelled, not committed: the till resends it
}

}  // namespace
}  // namespace tillstream::testing
