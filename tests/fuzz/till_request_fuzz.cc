// A till's request off the wire, as posd reads it: the strict parse, the
// lenient re-parse that names a bad UTF-8 field, then the dispatch over
// in-memory repositories, before and after a hello. Every request gets
// exactly one answer carrying its correlation id: either a refusal with a
// code or a result, never both.
#include <cstddef>
#include <cstdint>
#include <string>

#include "server/rpc/request_parser.h"
#include "server/rpc/till_request_handler.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/support/fake_repositories.h"

namespace tillstream {
namespace {

void CheckAnswer(const pos::v1::TillRequest& request, const pos::v1::TillResponse& r) {
  FUZZ_CHECK(r.correlation_id() == request.correlation_id());
  const bool answered = r.kind_case() != pos::v1::TillResponse::KIND_NOT_SET;
  FUZZ_CHECK(answered != r.has_error());  // a result or a refusal, never both
  if (r.has_error()) FUZZ_CHECK(r.error().code() != 0 && !r.error().message().empty());
}

}  // namespace
}  // namespace tillstream

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tillstream;
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const ParsedRequest parsed = ParseTillRequest(bytes);
  if (!parsed.status.ok()) {
    FUZZ_CHECK(parsed.status.code() == absl::StatusCode::kInvalidArgument);
    return 0;
  }
  tillstream::testing::FakeRepositories repos;
  tillstream::testing::SeedAcme(repos);
  const auto clock = [] { return absl::FromUnixSeconds(1763800100); };

  TillRequestHandler stranger(repos.AsRepositories(), "fuzz", clock);
  CheckAnswer(parsed.request, stranger.Handle(parsed.request));

  TillRequestHandler till(repos.AsRepositories(), "fuzz", clock);
  pos::v1::TillRequest hello;
  hello.set_correlation_id("hello");
  hello.mutable_hello()->set_org_id("acme");
  hello.mutable_hello()->set_store_id("s1");
  hello.mutable_hello()->set_till_id("t1");
  FUZZ_CHECK(till.Handle(hello).has_hello());
  CheckAnswer(parsed.request, till.Handle(parsed.request));
  // The same request again: a resend is answered as well (a replay or the
  // same refusal), never by a crash.
  CheckAnswer(parsed.request, till.Handle(parsed.request));
  return 0;
}
