#include "server/usecases/journal_audit.h"

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/validation.h"
#include "server/domain/org/org_repository.h"

namespace tillstream {
namespace {

// A page token is "STORE/TILL/SEQ": codes never hold a slash.
std::string TokenOf(const TillEntry& last) {
  return absl::StrCat(last.till.store_id, "/", last.till.till_id, "/", last.entry.seq);
}

absl::StatusOr<JournalCursor> ParseToken(const std::string& token) {
  const std::vector<std::string> parts = absl::StrSplit(token, '/');
  JournalCursor cursor;
  if (parts.size() != 3 || !CheckCode("", parts[0]).ok() ||
      !CheckCode("", parts[1]).ok() || !absl::SimpleAtoi(parts[2], &cursor.seq) ||
      cursor.seq < 1) {
    return FieldError("page_token", "is not a token this server issued");
  }
  cursor.store_id = parts[0];
  cursor.till_id = parts[1];
  return cursor;
}

}  // namespace

absl::Status JournalAudit::CheckScope(const std::string& org_id,
                                      const std::string& store_id,
                                      const std::string& till_id) {
  if (auto s = CheckCode("org_id", org_id); !s.ok()) return s;
  if (!store_id.empty()) {
    if (auto s = CheckCode("store_id", store_id); !s.ok()) return s;
  }
  if (!till_id.empty()) {
    if (store_id.empty()) return FieldError("store_id", "is required with till_id");
    if (auto s = CheckCode("till_id", till_id); !s.ok()) return s;
  }
  return repos_.orgs->GetOrg(org_id).status();
}

absl::StatusOr<std::vector<TillJournalCheck>> JournalAudit::Verify(
    const std::string& org_id, const std::string& store_id, const std::string& till_id) {
  if (auto s = CheckScope(org_id, store_id, till_id); !s.ok()) return s;
  auto tills = journal_->JournalTills(org_id, store_id, till_id);
  if (!tills.ok()) return tills.status();
  if (tills->empty() && !store_id.empty()) {
    return absl::NotFoundError(
        till_id.empty() ? absl::StrCat("store '", org_id, "/", store_id, "' has no tills")
                        : absl::StrCat("till '", org_id, "/", store_id, "/", till_id,
                                       "' is neither registered nor journaled"));
  }
  std::vector<TillJournalCheck> checks;
  for (const TillKey& till : *tills) {
    auto journal = journal_->LoadTillJournal(till);
    if (!journal.ok()) return journal.status();
    checks.push_back(CheckTillJournal(*journal));
  }
  return checks;
}

absl::StatusOr<JournalEntryPage> JournalAudit::ReadEntries(
    const std::string& org_id, const std::string& store_id, const std::string& till_id,
    int page_size, const std::string& page_token) {
  if (page_size < 0 || page_size > kMaxJournalPage) {
    return FieldError("page_size", absl::StrCat("must be 1..", kMaxJournalPage,
                                                " (0 for ", kDefaultJournalPage, ")"));
  }
  if (auto s = CheckScope(org_id, store_id, till_id); !s.ok()) return s;
  std::optional<JournalCursor> after;
  if (!page_token.empty()) {
    auto cursor = ParseToken(page_token);
    if (!cursor.ok()) return cursor.status();
    after = *cursor;
  }
  const int limit = page_size == 0 ? kDefaultJournalPage : page_size;
  auto entries = journal_->ReadEntries(org_id, store_id, till_id, after, limit + 1);
  if (!entries.ok()) return entries.status();
  JournalEntryPage page;
  page.entries = *std::move(entries);
  if (static_cast<int>(page.entries.size()) > limit) {
    page.entries.resize(static_cast<size_t>(limit));
    page.next_page_token = TokenOf(page.entries.back());
  }
  return page;
}

}  // namespace tillstream
