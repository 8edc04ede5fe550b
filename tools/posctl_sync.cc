// posctl's catalog syncs (CatalogSyncService): upload a price list in
// chunks, then follow the sync the back office runs in the background.
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "common/ids.h"
#include "pos/v1/catalog_sync.grpc.pb.h"
#include "tools/posctl_admin.h"

namespace tillstream {
namespace {

using Stub = pos::v1::CatalogSyncService::Stub;
constexpr size_t kChunkBytes = 256 * 1024;

// The wire's own names ("IN_PROGRESS" without the enum's prefix).
std::string StateName(pos::v1::SyncState s) {
  if (s == pos::v1::SYNC_STATE_UNSPECIFIED || !pos::v1::SyncState_IsValid(s))
    return "UNKNOWN";
  return std::string(absl::StripPrefix(pos::v1::SyncState_Name(s), "SYNC_"));
}
std::string FailureName(pos::v1::SyncFailure f) {
  if (f == pos::v1::SYNC_FAILURE_UNSPECIFIED || !pos::v1::SyncFailure_IsValid(f)) {
    return "UNKNOWN";
  }
  return pos::v1::SyncFailure_Name(f);
}

void PrintOutcome(const pos::v1::CatalogSync& s) {
  std::cout << "sync " << s.sync_id() << ": " << StateName(s.state());
  if (s.state() == pos::v1::SYNC_SYNCED) {
    std::cout << absl::StrFormat(
        " catalog %s version %d in %d s: %d inserted, %d updated, %d removed, %d "
        "unchanged\n",
        s.synced_catalog_id(), s.version(), s.elapsed_seconds(), s.inserted(),
        s.updated(), s.removed(), s.unchanged());
  } else if (s.state() == pos::v1::SYNC_FAILED) {
    std::cout << " " << FailureName(s.failure()) << ": " << s.failure_detail()
              << "\n  (nothing changed)\n";
  } else {
    std::cout << absl::StrFormat(" %d of %d rows, %d s", s.rows_done(), s.total_rows(),
                                 s.elapsed_seconds());
    if (!s.waiting_for().empty()) std::cout << ", waiting for sync " << s.waiting_for();
    std::cout << "\n";
  }
}

// One line that redraws itself on a terminal; a line per change otherwise.
void ShowProgress(const pos::v1::CatalogSync& s, bool tty, std::string* last) {
  const int total = std::max(1, s.total_rows());
  const int width = 30;
  const int filled =
      static_cast<int>(static_cast<int64_t>(s.rows_done()) * width / total);
  const std::string line =
      absl::StrFormat("%-11s [%s%s] %3d%%  %d/%d rows  %d s", StateName(s.state()),
                      std::string(filled, '#'), std::string(width - filled, ' '),
                      static_cast<int>(static_cast<int64_t>(s.rows_done()) * 100 / total),
                      s.rows_done(), s.total_rows(), s.elapsed_seconds());
  if (line == *last) return;
  *last = line;
  if (tty) {
    std::cout << "\r" << line << std::flush;
  } else {
    std::cout << line << "\n";
  }
}

int Upload(const std::vector<std::string>& a,
           const std::map<std::string, std::string>& opts) {
  std::ifstream in(a[3], std::ios::binary);
  if (!in) {
    std::cerr << "posctl: cannot read " << a[3] << "\n";
    return 1;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string data = buf.str();
  const std::string sync_id = opts.count("id") ? opts.at("id") : NewUuid();

  auto stub =
      pos::v1::CatalogSyncService::NewStub(MakeChannel(absl::GetFlag(FLAGS_server)));
  pos::v1::CatalogSync started;
  {
    grpc::ClientContext ctx;
    SetDeadline(&ctx, std::chrono::milliseconds(absl::GetFlag(FLAGS_timeout_ms)));
    AddApiKey(&ctx);
    auto writer = stub->StartSync(&ctx, &started);
    pos::v1::SyncChunk first;
    first.set_org_id(a[1]);
    first.set_sync_id(sync_id);
    if (a[2].rfind("store=", 0) == 0) {
      first.set_store_id(a[2].substr(6));
    } else {
      first.set_catalog_id(a[2]);
    }
    // FILE.jsonl / FILE.ndjson, or format=jsonl: JSON lines; CSV otherwise.
    const std::string& file = a[3];
    const bool json = (opts.count("format") && opts.at("format") == "jsonl") ||
                      absl::EndsWith(file, ".jsonl") || absl::EndsWith(file, ".ndjson");
    first.set_format(json ? pos::v1::SYNC_JSON_LINES : pos::v1::SYNC_CSV);
    bool sent = true;
    size_t at = 0;
    pos::v1::SyncChunk* chunk = &first;
    pos::v1::SyncChunk next;
    do {
      const size_t n = std::min(kChunkBytes, data.size() - at);
      chunk->set_data(data.substr(at, n));
      at += n;
      chunk->set_last(at >= data.size());
      sent = writer->Write(*chunk);
      next.Clear();
      chunk = &next;
    } while (sent && at < data.size());
    writer->WritesDone();
    const grpc::Status status = writer->Finish();
    if (!status.ok()) {
      std::cerr << "posctl: " << absl::StatusCodeToString(FromGrpcStatus(status).code())
                << ": " << status.error_message() << "\n";
      return 1;
    }
  }
  std::cout << "sync " << started.sync_id() << " started: " << started.total_rows()
            << " rows uploaded (" << data.size() << " bytes)\n";
  if (!opts.count("wait")) {
    std::cout << "follow it with: posctl sync-status " << a[1] << " " << started.sync_id()
              << "\n";
    return 0;
  }
  Client<pos::v1::CatalogSyncService> client;
  pos::v1::GetSyncRequest get;
  get.set_org_id(a[1]);
  get.set_sync_id(started.sync_id());
  const bool tty = isatty(STDOUT_FILENO) != 0;
  std::string last;
  for (;;) {
    pos::v1::CatalogSync s;
    if (!client.Call(&Stub::GetSync, get, &s)) return 1;
    if (s.state() == pos::v1::SYNC_SYNCED || s.state() == pos::v1::SYNC_FAILED) {
      if (tty && !last.empty()) std::cout << "\n";
      PrintOutcome(s);
      return s.state() == pos::v1::SYNC_SYNCED ? 0 : 3;
    }
    ShowProgress(s, tty, &last);
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
}

}  // namespace

const char kSyncUsage[] = R"(
Catalog syncs (the whole price list, checked in full, published as one new version):
  sync-catalog ORG CATALOG|store=STORE FILE.csv|FILE.jsonl [wait=yes] [id=UUID]
               [format=csv|jsonl]       (sku,name,price,tax_percent,unit,barcodes, as CSV or
                                         one JSON object per line; answers
                                         a sync id at once; wait=yes follows it to the end,
                                         exit 3 when it failed; id= makes a retry safe)
  sync-status ORG SYNC_ID
)";

bool RunSyncCommand(const std::vector<std::string>& a, int* rc) {
  const std::string& cmd = a[0];
  if (cmd != "sync-catalog" && cmd != "sync-status") return false;
  *rc = 2;
  const size_t need = cmd == "sync-catalog" ? 4 : 3;
  if (a.size() < need) {
    std::cerr << "posctl: " << cmd << " needs " << need - 1 << " arguments\n"
              << kSyncUsage;
    return true;
  }
  if (cmd == "sync-catalog") {
    std::map<std::string, std::string> opts;
    if (!Options(a, 4, &opts)) return true;
    *rc = Upload(a, opts);
    return true;
  }
  Client<pos::v1::CatalogSyncService> client;
  pos::v1::GetSyncRequest get;
  get.set_org_id(a[1]);
  get.set_sync_id(a[2]);
  pos::v1::CatalogSync s;
  if (!client.Call(&Stub::GetSync, get, &s)) return *rc = 1, true;
  PrintOutcome(s);
  *rc = 0;
  return true;
}

}  // namespace tillstream
