// posctl's commands for the tamper-evident journal (JournalService):
// verify-journal checks the chains of an org, a store or a till and prints,
// per till, its entries and head hash, or the first entries that do not
// match (exit 1 when any does); export-journal writes the entries for an
// auditor, one JSON-lines file per record type and a manifest holding each
// file's SHA-256 and each chain's head.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/digest.h"
#include "pos/v1/journal.grpc.pb.h"
#include "tools/posctl_admin.h"

namespace tillstream {

const char kJournalUsage[] = R"(
Journal (every bill, return, deletion and tagging, chained per till):
  verify-journal ORG [STORE [TILL]]         (recomputes the chains and compares every bill;
                                            names the first entry that does not match,
                                            exits 1 when any does)
  export-journal ORG DIR [STORE [TILL]]     (writes DIR/sales.jsonl, returns.jsonl,
                                            deletions.jsonl, taggings.jsonl and
                                            manifest.json with each file's SHA-256)
)";

namespace {

const char* const kRecordFiles[][2] = {{"sale", "sales.jsonl"},
                                       {"return", "returns.jsonl"},
                                       {"deletion", "deletions.jsonl"},
                                       {"tagging", "taggings.jsonl"}};

struct ExportedFile {
  std::string text;
  int64_t entries = 0;
};

struct ChainHead {
  int64_t entries = 0;
  int64_t seq = 0;
  std::string hash;
};

bool WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) std::cerr << "posctl: cannot write " << path.string() << "\n";
  return static_cast<bool>(out);
}

// Store and till ids are codes and hashes hex: nothing in them needs escaping.
int ExportJournal(const std::vector<std::string>& a) {
  const std::filesystem::path dir(a[2]);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    std::cerr << "posctl: cannot create " << dir.string() << ": " << ec.message() << "\n";
    return 1;
  }
  pos::v1::ReadJournalRequest req;
  req.set_org_id(a[1]);
  if (a.size() > 3) req.set_store_id(a[3]);
  if (a.size() > 4) req.set_till_id(a[4]);
  req.set_page_size(1000);
  Client<pos::v1::JournalService> journal;
  std::map<std::string, ExportedFile> files;
  std::map<std::pair<std::string, std::string>, ChainHead> heads;  // by store, till
  do {
    pos::v1::JournalPage page;
    if (!journal.Call(&pos::v1::JournalService::Stub::ReadJournal, req, &page)) return 1;
    for (const auto& e : page.entries()) {
      ExportedFile& file = files[e.record()];
      absl::StrAppend(&file.text, "{\"store_id\":\"", e.store_id(), "\",\"till_id\":\"",
                      e.till_id(), "\",\"seq\":", e.seq(), ",\"entry_hash\":\"",
                      e.entry_hash(), "\",\"payload\":", e.payload(), "}\n");
      ++file.entries;
      ChainHead& head = heads[{e.store_id(), e.till_id()}];
      ++head.entries;
      head.seq = e.seq();
      head.hash = e.entry_hash();
    }
    req.set_page_token(page.next_page_token());
  } while (!req.page_token().empty());

  std::string manifest = absl::StrCat(
      "{\n  \"org_id\": \"", a[1], "\",\n  \"exported_at\": \"",
      absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(), absl::UTCTimeZone()),
      "\",\n  \"entry_hash\": \"hex(SHA-256(bytes(previous entry_hash, or 32 zero bytes "
      "before seq 1) || decimal(seq) || LF || payload))\",\n  \"files\": [");
  int64_t total = 0;
  for (size_t i = 0; i < std::size(kRecordFiles); ++i) {
    const ExportedFile& file = files[kRecordFiles[i][0]];
    if (!WriteFile(dir / kRecordFiles[i][1], file.text)) return 1;
    total += file.entries;
    absl::StrAppend(&manifest, i ? "," : "", "\n    {\"name\": \"", kRecordFiles[i][1],
                    "\", \"record\": \"", kRecordFiles[i][0],
                    "\", \"entries\": ", file.entries, ", \"sha256\": \"",
                    Sha256Hex(file.text), "\"}");
  }
  absl::StrAppend(&manifest, "\n  ],\n  \"tills\": [");
  bool first = true;
  for (const auto& [till, head] : heads) {
    absl::StrAppend(&manifest, first ? "" : ",", "\n    {\"store_id\": \"", till.first,
                    "\", \"till_id\": \"", till.second, "\", \"entries\": ", head.entries,
                    ", \"head_seq\": ", head.seq, ", \"head_hash\": \"", head.hash,
                    "\"}");
    first = false;
  }
  absl::StrAppend(&manifest, "\n  ]\n}\n");
  if (!WriteFile(dir / "manifest.json", manifest)) return 1;
  std::cout << "journal of " << a[1] << ": " << total << " entries of " << heads.size()
            << " till(s) written to " << dir.string() << " (manifest.json holds each "
            << "file's SHA-256)\n";
  return 0;
}

}  // namespace

bool RunJournalCommand(const std::vector<std::string>& a, int* rc) {
  if (a[0] == "export-journal") {
    if (a.size() < 3 || a.size() > 5) {
      std::cerr << "posctl: export-journal needs ORG DIR [STORE [TILL]]\n"
                << kJournalUsage;
      return *rc = 2, true;
    }
    return *rc = ExportJournal(a), true;
  }
  if (a[0] != "verify-journal") return false;
  *rc = 2;
  if (a.size() < 2 || a.size() > 4) {
    std::cerr << "posctl: verify-journal needs ORG [STORE [TILL]]\n" << kJournalUsage;
    return true;
  }
  pos::v1::VerifyJournalRequest req;
  req.set_org_id(a[1]);
  if (a.size() > 2) req.set_store_id(a[2]);
  if (a.size() > 3) req.set_till_id(a[3]);
  Client<pos::v1::JournalService> journal;
  pos::v1::JournalVerification resp;
  if (!journal.Call(&pos::v1::JournalService::Stub::VerifyJournal, req, &resp)) {
    return *rc = 1, true;
  }
  int64_t entries = 0, bad = 0;
  for (const auto& till : resp.tills()) {
    entries += till.entries();
    std::cout << "till " << till.store_id() << "/" << till.till_id() << ": "
              << till.entries() << " entries, " << till.bills() << " bills";
    if (till.bills_before_journal() > 0) {
      std::cout << " (+" << till.bills_before_journal()
                << " stored before the journal began, not chained)";
    }
    if (till.head_seq() > 0)
      std::cout << ", head " << till.head_seq() << " " << till.head_hash();
    if (till.ok()) {
      std::cout << ": OK\n";
      continue;
    }
    ++bad;
    std::cout << ": " << till.findings_total() << " MISMATCH(ES)\n";
    for (const auto& f : till.findings()) std::cout << "  ! " << f.message() << "\n";
    if (till.findings_total() > till.findings_size()) {
      std::cout << "  ... and " << till.findings_total() - till.findings_size()
                << " more\n";
    }
  }
  std::cout << "journal of " << a[1] << ": " << resp.tills_size() << " till(s), "
            << entries << " entries, "
            << (resp.ok() ? "every chain and bill matches"
                          : std::to_string(bad) + " till(s) do not match")
            << "\n";
  *rc = resp.ok() ? 0 : 1;
  return true;
}

}  // namespace tillstream
