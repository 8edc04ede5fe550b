// The whole server over real gRPC on loopback, against a real PostgreSQL.
#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "client/channel.h"
#include "client/till_client.h"
#include "common/ids.h"
#include "pos/v1/pos.grpc.pb.h"
#include "server/server_app.h"
#include "tests/support/pg_environment.h"
#include "tests/support/server_fixture.h"

namespace tillstream {
namespace {

using pos::v1::TillRequest;
using pos::v1::TillResponse;
using testing::AdminKey;
using testing::PgEnvironment;

using GrpcServerTest = testing::ServerTest;

TEST_F(GrpcServerTest, ABillBeforeHelloIsRefusedAndTheStreamStaysUsable) {
  TillClient client(Options());
  // Open the stream without hello: CallWithRetry's connect says hello, so
  // use a raw stream here.
  auto stub = pos::v1::TerminalService::NewStub(TillChannel());
  grpc::ClientContext ctx;
  SetDeadline(&ctx, std::chrono::seconds(10));
  auto stream = stub->Session(&ctx);
  TillRequest submit = Submit(NewUuid(), 1, 119);
  submit.set_correlation_id("c1");
  ASSERT_TRUE(stream->Write(submit));
  TillResponse resp;
  ASSERT_TRUE(stream->Read(&resp));
  EXPECT_EQ(resp.correlation_id(), "c1");
  EXPECT_EQ(resp.error().code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(resp.error().message().find("hello"), std::string::npos);

  ASSERT_TRUE(stream->Write(Hello("c2")));
  ASSERT_TRUE(stream->Read(&resp));
  EXPECT_EQ(resp.correlation_id(), "c2");
  EXPECT_FALSE(resp.has_error()) << resp.error().message();
  EXPECT_EQ(resp.hello().currency(), "EUR");
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
  EXPECT_EQ(CountBills(), "0");
}

TEST_F(GrpcServerTest, AnUnknownTillCannotBeEnrolled) {
  auto code = RequestEnrolmentCode(target_, AdminKey(), TillRef{org_, "s1", "t9"}, 0,
                                   std::chrono::seconds(10));
  EXPECT_EQ(code.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(code.status().message().find("posctl create-till"), std::string::npos);
}

TEST_F(GrpcServerTest, BadScansGetFieldNamedAnswers) {
  TillClient client(Options());
  ASSERT_TRUE(client.Connect().ok());
  EXPECT_EQ(client.Call(Scan("9999")).status().code(), absl::StatusCode::kNotFound);
  auto negative = client.Call(Scan("4001", -2000));
  EXPECT_EQ(negative.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(negative.status().message().substr(0, 8), "quantity");
  EXPECT_EQ(client.Call(Scan("4001", 1500)).status().code(),
            absl::StatusCode::kInvalidArgument);  // milk is sold each
  EXPECT_EQ(client.Call(Scan(std::string(200, '4'))).status().code(),
            absl::StatusCode::kInvalidArgument);
  TillRequest empty;
  EXPECT_EQ(client.Call(empty).status().code(), absl::StatusCode::kInvalidArgument);
  auto ok = client.Call(Scan("4001", 3000));
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->scanned().amount().minor_units(), 357);
  EXPECT_EQ(ok->scanned().running_total().minor_units(), 357);
}

TEST_F(GrpcServerTest, OverflowingAndOverlongBillsStoreNothing) {
  TillClient client(Options());
  ASSERT_TRUE(client.Connect().ok());
  TillRequest huge = Submit(NewUuid(), 1, 119);
  huge.mutable_submit_bill()->mutable_tenders(0)->mutable_amount()->set_minor_units(
      std::numeric_limits<int64_t>::max());
  auto r = client.Call(huge);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message().substr(0, 17), "tenders[0].amount");

  TillRequest long_number = Submit(NewUuid(), 1, 119);
  long_number.mutable_submit_bill()->set_bill_number(std::string(51, '7'));
  EXPECT_EQ(client.Call(long_number).status().code(), absl::StatusCode::kInvalidArgument);

  TillRequest lots = Submit(NewUuid(), 99999, 99999LL * 119);
  lots.mutable_submit_bill()->mutable_lines(0)->set_quantity_milli(
      std::numeric_limits<int64_t>::max());
  EXPECT_EQ(client.Call(lots).status().code(), absl::StatusCode::kInvalidArgument);

  TillRequest bad_ref = Submit(NewUuid(), 1, 119);
  bad_ref.mutable_submit_bill()->mutable_tenders(0)->set_reference(std::string(65, 'x'));
  EXPECT_EQ(client.Call(bad_ref).status().code(), absl::StatusCode::kInvalidArgument);

  TillRequest wrong_total = Submit(NewUuid(), 2, 200);
  auto mismatch = client.Call(wrong_total);
  EXPECT_EQ(mismatch.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(mismatch.status().message().find("2.38"), std::string::npos);
  EXPECT_EQ(CountBills(), "0");
  EXPECT_TRUE(client.Call(Scan("4001")).ok());  // still usable
}

TEST_F(GrpcServerTest, MalformedUtf8IsNamedAndTheStreamGoesOn) {
  auto stub = pos::v1::TerminalService::NewStub(TillChannel());
  grpc::ClientContext ctx;
  SetDeadline(&ctx, std::chrono::seconds(10));
  auto stream = stub->Session(&ctx);
  ASSERT_TRUE(stream->Write(Hello("u1", "t1\xff\xfe")));
  TillResponse resp;
  ASSERT_TRUE(stream->Read(&resp));
  EXPECT_EQ(resp.correlation_id(), "u1");
  EXPECT_EQ(resp.error().code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(resp.error().field(), "hello.till_id");
  EXPECT_EQ(resp.error().message(), "hello.till_id is not valid UTF-8");

  ASSERT_TRUE(stream->Write(Hello("u2")));
  ASSERT_TRUE(stream->Read(&resp));
  EXPECT_EQ(resp.correlation_id(), "u2");
  EXPECT_FALSE(resp.has_error()) << resp.error().message();

  TillRequest submit = Submit(NewUuid(), 1, 119);
  submit.set_correlation_id("u3");
  submit.mutable_submit_bill()->add_tenders()->set_reference("card \xc3");
  ASSERT_TRUE(stream->Write(submit));
  ASSERT_TRUE(stream->Read(&resp));
  EXPECT_EQ(resp.error().field(), "submit_bill.tenders[1].reference");
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
  EXPECT_EQ(CountBills(), "0");
}

TEST_F(GrpcServerTest, BytesThatAreNoRequestEndTheStreamWithInvalidArgument) {
  grpc::GenericStub stub(MakeChannel(target_));
  grpc::ClientContext ctx;
  SetDeadline(&ctx, std::chrono::seconds(10));
  grpc::CompletionQueue cq;
  auto call = stub.PrepareCall(&ctx, "/pos.v1.TerminalService/Session", &cq);
  void* tag;
  bool ok;
  call->StartCall(reinterpret_cast<void*>(1));
  ASSERT_TRUE(cq.Next(&tag, &ok) && ok);
  grpc::Slice junk(std::string("\xff\xff\xff\xff", 4));
  grpc::ByteBuffer buffer(&junk, 1);
  call->WriteLast(buffer, grpc::WriteOptions(), reinterpret_cast<void*>(2));
  ASSERT_TRUE(cq.Next(&tag, &ok));
  grpc::Status status;
  call->Finish(&status, reinterpret_cast<void*>(3));
  ASSERT_TRUE(cq.Next(&tag, &ok));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << status.error_message();
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
}

TEST_F(GrpcServerTest, ARetriedBillOnANewStreamAnswersTheOriginal) {
  const std::string bill_id = NewUuid();
  std::string received_at;
  {
    TillClient first(Options());
    ASSERT_TRUE(first.Connect().ok());
    auto r = first.Call(Submit(bill_id, 2, 238));
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_FALSE(r->bill().replayed());
    EXPECT_EQ(r->bill().total().minor_units(), 238);
    received_at = r->bill().received_at().DebugString();
  }
  TillClient second(Options());
  ASSERT_TRUE(second.Connect().ok());
  auto replay = second.Call(Submit(bill_id, 2, 238));
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_TRUE(replay->bill().replayed());
  EXPECT_EQ(replay->bill().received_at().DebugString(), received_at);
  auto reuse = second.Call(Submit(bill_id, 3, 357));
  EXPECT_EQ(reuse.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(CountBills(), "1");
}

TEST_F(GrpcServerTest, AdminCallsNeedAValidKeyWithThePermission) {
  pos::v1::GetBillRequest req;
  req.set_org_id(org_);
  req.set_bill_id(NewUuid());
  EXPECT_EQ(AdminCall(&pos::v1::AdminService::Stub::GetBill, req, "").error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(AdminCall(&pos::v1::AdminService::Stub::GetBill, req, "wrong").error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  // A well-formed key that was never issued, or a real key's id with another secret.
  const std::string web = testing::MakeKey(Role::kWebPartner, org_);
  std::string forged = web;
  forged.back() = forged.back() == '0' ? '1' : '0';
  EXPECT_EQ(AdminCall(&pos::v1::AdminService::Stub::GetBill, req, forged).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  // Valid, but a web partner may not read bills.
  const grpc::Status denied = AdminCall(&pos::v1::AdminService::Stub::GetBill, req, web);
  EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_NE(denied.error_message().find("read_bills"), std::string::npos)
      << denied.error_message();
  EXPECT_EQ(AdminCall(&pos::v1::AdminService::Stub::GetBill, req).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(GrpcServerTest, NewCatalogVersionsArePushedToOpenTillsAsDeltas) {
  std::promise<pos::v1::CatalogDelta> pushed;
  auto future = pushed.get_future();
  bool once = false;
  TillClient client(Options(), [&](const TillResponse& push) {
    if (push.has_catalog() && !once) {
      once = true;
      pushed.set_value(push.catalog());
    }
  });
  auto hello = client.Connect();
  ASSERT_TRUE(hello.ok());
  EXPECT_EQ(hello->catalog_id(), "main");
  EXPECT_EQ(hello->catalog_version(), 1);
  ASSERT_TRUE(SetPrice(129).ok());
  ASSERT_EQ(future.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  const auto delta = future.get();
  EXPECT_EQ(delta.from_version(), 1);
  EXPECT_EQ(delta.to_version(), 2);
  EXPECT_EQ(delta.currency(), "EUR");
  ASSERT_EQ(delta.items_size(), 1);
  EXPECT_EQ(delta.items(0).sku(), "A1");
  EXPECT_EQ(delta.items(0).unit_price().minor_units(), 129);
  EXPECT_EQ(delta.items(0).barcodes(0), "4001");
}

// A change of more than 200 items is announced without them: the tills fetch
// the pages, each of one version, from the version they hold.
TEST_F(GrpcServerTest, ABigVersionIsAnnouncedAndFetchedInPages) {
  std::promise<pos::v1::CatalogDelta> pushed;
  auto future = pushed.get_future();
  std::atomic<bool> once{false};
  TillClient client(Options(), [&](const TillResponse& push) {
    if (push.has_catalog() && !once.exchange(true)) pushed.set_value(push.catalog());
  });
  ASSERT_TRUE(client.Connect().ok());
  pos::v1::UpsertItemsRequest up;
  up.set_org_id(org_);
  for (int i = 0; i < 300; ++i) {
    auto* item = up.add_items();
    item->set_sku(absl::StrCat("B", 10000 + i));
    item->set_name("Bulk");
    item->mutable_unit_price()->set_minor_units(100 + i);
    item->mutable_unit_price()->set_currency("EUR");
    item->set_tax_rate_bp(700);
    item->set_unit(pos::v1::EACH);
    item->add_barcodes(absl::StrCat(7000000 + i));
  }
  ASSERT_TRUE(AdminCall(&pos::v1::AdminService::Stub::UpsertItems, up).ok());
  ASSERT_EQ(future.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  const auto notice = future.get();
  EXPECT_EQ(notice.to_version(), 2);
  EXPECT_TRUE(notice.more());
  EXPECT_EQ(notice.items_size(), 0);

  // The delta from version 1: 300 new items, none repeated.
  ASSERT_TRUE(SetPrice(150).ok());  // version 3 while the till pages version 2
  TillRequest fetch;
  fetch.mutable_fetch_catalog()->set_catalog_id("main");
  fetch.mutable_fetch_catalog()->set_have_version(1);
  fetch.mutable_fetch_catalog()->set_to_version(2);
  std::set<std::string> skus;
  int pages = 0;
  for (;;) {
    auto page = client.Call(fetch);
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_EQ(page->catalog().from_version(), 1);
    EXPECT_EQ(page->catalog().to_version(), 2);
    for (const auto& item : page->catalog().items()) skus.insert(item.sku());
    ++pages;
    if (!page->catalog().more()) break;
    fetch.mutable_fetch_catalog()->set_after_sku(page->catalog().last_sku());
  }
  EXPECT_EQ(skus.size(), 300u);
  EXPECT_EQ(pages, 1);              // 2000 a page; paging: catalog_sync_test
  EXPECT_EQ(skus.count("A1"), 0u);  // unchanged by version 2

  // From version 2 to the current one: A1's new price only; a version the
  // server does not have is refused.
  fetch.mutable_fetch_catalog()->set_have_version(2);
  fetch.mutable_fetch_catalog()->set_to_version(0);
  fetch.mutable_fetch_catalog()->clear_after_sku();
  auto latest = client.Call(fetch);
  ASSERT_TRUE(latest.ok()) << latest.status();
  EXPECT_EQ(latest->catalog().to_version(), 3);
  ASSERT_EQ(latest->catalog().items_size(), 1);
  EXPECT_EQ(latest->catalog().items(0).unit_price().minor_units(), 150);
  fetch.mutable_fetch_catalog()->set_to_version(9);
  auto ahead = client.Call(fetch);
  EXPECT_EQ(ahead.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(ahead.status().message().find("no version 9"), std::string::npos)
      << ahead.status();
}

TEST_F(GrpcServerTest, NewVersionsReachTillsOfEveryServer) {
  auto other = testing::StartTestServer();
  ASSERT_TRUE(other.ok()) << other.status();
  TillClientOptions o = Options();
  o.server = "127.0.0.1:" + std::to_string((*other)->port());
  std::promise<int64_t> pushed;
  auto future = pushed.get_future();
  std::atomic<bool> once{false};
  TillClient client(o, [&](const TillResponse& push) {
    if (push.has_catalog() && push.catalog().items_size() > 0 && !once.exchange(true)) {
      pushed.set_value(push.catalog().items(0).unit_price().minor_units());
    }
  });
  ASSERT_TRUE(client.Connect().ok());
  ASSERT_TRUE(SetPrice(139).ok());  // through the first server
  ASSERT_EQ(future.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(future.get(), 139);
  client.Close().IgnoreError();
}

TEST_F(GrpcServerTest, ReflectionListsTheServices) {
  grpc::GenericStub stub(MakeChannel(target_));
  grpc::ClientContext ctx;
  SetDeadline(&ctx, std::chrono::seconds(10));
  grpc::CompletionQueue cq;
  auto call = stub.PrepareCall(
      &ctx, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", &cq);
  void* tag;
  bool ok;
  call->StartCall(reinterpret_cast<void*>(1));
  ASSERT_TRUE(cq.Next(&tag, &ok) && ok);
  // ServerReflectionRequest{list_services: ""}: field 7, length 0.
  grpc::Slice request(std::string("\x3a\x00", 2));
  grpc::ByteBuffer out(&request, 1);
  call->WriteLast(out, grpc::WriteOptions(), reinterpret_cast<void*>(2));
  ASSERT_TRUE(cq.Next(&tag, &ok) && ok);
  grpc::ByteBuffer in;
  call->Read(&in, reinterpret_cast<void*>(3));
  ASSERT_TRUE(cq.Next(&tag, &ok) && ok);
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(in.Dump(&slices).ok());
  std::string bytes;
  for (const auto& sl : slices)
    bytes.append(reinterpret_cast<const char*>(sl.begin()), sl.size());
  EXPECT_NE(bytes.find("pos.v1.AdminService"), std::string::npos);
  EXPECT_NE(bytes.find("grpc.health.v1.Health"), std::string::npos);
  grpc::Status status;
  call->Finish(&status, reinterpret_cast<void*>(4));
  ASSERT_TRUE(cq.Next(&tag, &ok));
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
}

TEST_F(GrpcServerTest, ACustomerIsFoundHoweverTheMobileIsTyped) {
  pos::v1::EnrolCustomerRequest req;
  req.set_org_id(org_);
  req.mutable_customer()->set_name("Jane");
  req.mutable_customer()->set_mobile("+49 151 1234-5678");
  req.mutable_customer()->set_email(" Jane@Example.com ");
  pos::v1::CustomerProfile enrolled;
  ASSERT_TRUE(
      AdminCall(&pos::v1::AdminService::Stub::EnrolCustomer, req, AdminKey(), &enrolled)
          .ok());
  const pos::v1::Customer& jane = enrolled.customer();
  EXPECT_EQ(jane.mobile(), "+4915112345678");
  EXPECT_EQ(jane.email(), "jane@example.com");
  TillClient client(Options());
  ASSERT_TRUE(client.Connect().ok());
  TillRequest lookup;
  lookup.mutable_customer_lookup()->set_mobile("0049 151 12345678");
  auto found = client.Call(lookup);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->customer().customer().customer_id(), jane.customer_id());
  lookup.mutable_customer_lookup()->set_email("JANE@example.COM");
  EXPECT_TRUE(client.Call(lookup).ok());
  lookup.mutable_customer_lookup()->set_mobile(
      "0151 12345678");  // this org has no default
  auto refused = client.Call(lookup);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  lookup.mutable_customer_lookup()->set_mobile("+49 170 0000000");
  EXPECT_EQ(client.Call(lookup).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(GrpcServerTest, HealthIsServing) {
  grpc::GenericStub stub(MakeChannel(target_));
  grpc::ClientContext ctx;
  SetDeadline(&ctx, std::chrono::seconds(10));
  grpc::Slice no_bytes("");  // HealthCheckRequest{service: ""} encodes to nothing
  grpc::ByteBuffer request(&no_bytes, 1);
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&ctx, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request,
                 &response, [&](grpc::Status s) { done.set_value(s); });
  ASSERT_TRUE(done.get_future().get().ok());
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(response.Dump(&slices).ok());
  std::string bytes;
  for (const auto& s : slices)
    bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  EXPECT_EQ(bytes, std::string("\x08\x01", 2));  // status: SERVING
}

TEST_F(GrpcServerTest, ShutdownAnswersInFlightWorkThenClosesStreamsUnavailable) {
  auto stub = pos::v1::TerminalService::NewStub(TillChannel());
  grpc::ClientContext ctx;
  SetDeadline(&ctx, std::chrono::seconds(20));
  auto stream = stub->Session(&ctx);
  ASSERT_TRUE(stream->Write(Hello("h")));
  TillResponse resp;
  ASSERT_TRUE(stream->Read(&resp));
  TillRequest submit = Submit(NewUuid(), 1, 119);
  submit.set_correlation_id("b");
  ASSERT_TRUE(stream->Write(submit));
  std::thread stopper([&] { app_->Shutdown(); });
  // Whatever the timing, a bill the server answered is stored, and the
  // stream ends UNAVAILABLE so the till knows to reconnect.
  bool answered = false;
  while (stream->Read(&resp)) {
    if (resp.correlation_id() == "b" && resp.has_bill()) answered = true;
  }
  const grpc::Status status = stream->Finish();
  stopper.join();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_EQ(CountBills(), answered ? "1" : "0");
}

}  // namespace
}  // namespace tillstream
