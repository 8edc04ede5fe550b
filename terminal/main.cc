// pos-terminal: a thin till. Reads what a keyboard-wedge scanner types (a
// barcode, then Enter) and short cashier commands, one per line, from stdin
// or --input; the same input always gives the same session.
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <tuple>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "client/channel.h"
#include "client/receipt.h"
#include "client/security_flags.h"
#include "client/till_client.h"
#include "client/till_enrolment.h"
#include "common/env.h"
#include "terminal/catalog_follower.h"
#include "terminal/console.h"
#include "terminal/local_catalog.h"
#include "terminal/outbox_sender.h"
#include "terminal/till_credentials.h"
#include "terminal/till_state.h"

using tillstream::EnvOr;

ABSL_FLAG(std::string, server, EnvOr("POS_SERVER", "127.0.0.1:50051"),
          "posd address (env POS_SERVER)");
ABSL_FLAG(std::string, org, EnvOr("POS_ORG", ""),
          "org id (env POS_ORG); an enrolled till knows its own");
ABSL_FLAG(std::string, store, EnvOr("POS_STORE", ""), "store id (env POS_STORE)");
ABSL_FLAG(std::string, till, EnvOr("POS_TILL", ""), "till id (env POS_TILL)");
ABSL_FLAG(std::string, enrol, "",
          "enrol this till with the one-time code from the back office (posctl "
          "enrol-till), keep its key and certificate in --state_dir, and exit");
ABSL_FLAG(std::string, state_dir, EnvOr("POS_STATE_DIR", ""),
          "directory for the bill counter and the outbox of unacknowledged bills "
          "(required; env POS_STATE_DIR)");
ABSL_FLAG(std::string, input, "-", "file of scanner/cashier lines; - for stdin");
ABSL_FLAG(int, timeout_ms, 10000, "per-request deadline");
ABSL_FLAG(int, max_attempts, 8,
          "tries per request while the back office is unreachable (then the bill "
          "waits in the outbox for the background sender)");
ABSL_FLAG(int, outbox_retry_max_ms, 30000,
          "longest pause between the background sender's rounds while the back "
          "office does not answer (the first pause is 1 s or this, if shorter)");

namespace tillstream {
namespace {

// --enrol CODE: the key pair is made here and stays in the state directory.
int Enrol(const std::string& code) {
  auto till = EnrolTill(absl::GetFlag(FLAGS_server), code,
                        std::chrono::milliseconds(absl::GetFlag(FLAGS_timeout_ms)));
  if (!till.ok()) {
    std::cerr << "pos-terminal: enrolment refused: " << till.status().message() << "\n";
    return kExitCannotStart;
  }
  if (auto s = SaveEnrolledTill(absl::GetFlag(FLAGS_state_dir), *till); !s.ok()) {
    std::cerr << "pos-terminal: enrolled, but cannot keep the certificate: "
              << s.message() << "\n";
    return kExitCannotStart;
  }
  std::cout << "till " << till->org_id << "/" << till->store_id << "/" << till->till_id
            << " enrolled: certificate " << till->serial << " valid until "
            << till->valid_until << ", kept in " << absl::GetFlag(FLAGS_state_dir)
            << "\n";
  return 0;
}

// The enrolled till's identity from the state directory; flags that name
// another till are a mistake worth stopping for.
absl::Status UseEnrolment(TillClientOptions* options) {
  auto enrolled = LoadEnrolledTill(absl::GetFlag(FLAGS_state_dir));
  if (!enrolled.ok()) return enrolled.status();
  if (!enrolled->has_value()) return absl::OkStatus();
  const EnrolledTill& till = **enrolled;
  for (const auto& [flag, mine, given] :
       {std::tuple<const char*, const std::string&, std::string&>{"--org", till.org_id,
                                                                  options->org_id},
        {"--store", till.store_id, options->store_id},
        {"--till", till.till_id, options->till_id}}) {
    if (!given.empty() && given != mine) {
      return absl::InvalidArgumentError(
          absl::StrCat(flag, " ", given, " is not this till: it is enrolled as ",
                       till.org_id, "/", till.store_id, "/", till.till_id));
    }
    given = mine;
  }
  options->credential = till.credential;
  return absl::OkStatus();
}

int Run() {
  if (absl::GetFlag(FLAGS_state_dir).empty()) {
    std::cerr << "pos-terminal: --state_dir is required: the till keeps its identity, "
                 "its bill counter and the bills it has not delivered yet there\n";
    return kExitUsage;
  }
  if (!absl::GetFlag(FLAGS_enrol).empty()) return Enrol(absl::GetFlag(FLAGS_enrol));
  TillClientOptions options;
  options.server = absl::GetFlag(FLAGS_server);
  options.org_id = absl::GetFlag(FLAGS_org);
  options.store_id = absl::GetFlag(FLAGS_store);
  options.till_id = absl::GetFlag(FLAGS_till);
  options.timeout = std::chrono::milliseconds(absl::GetFlag(FLAGS_timeout_ms));
  options.max_attempts = std::max(1, absl::GetFlag(FLAGS_max_attempts));
  if (auto s = UseEnrolment(&options); !s.ok()) {
    std::cerr << "pos-terminal: " << s.message() << "\n";
    return kExitUsage;
  }
  if (options.org_id.empty() || options.store_id.empty() || options.till_id.empty()) {
    std::cerr << "pos-terminal: this till is not enrolled: run pos-terminal --enrol CODE "
                 "(the back office gives the code: posctl enrol-till); a till on a "
                 "plaintext posd names itself with --org, --store and --till\n";
    return kExitUsage;
  }
  const std::string input = absl::GetFlag(FLAGS_input);
  std::ifstream file;
  if (input != "-") {
    file.open(input);
    if (!file) {
      std::cerr << "pos-terminal: cannot read " << input << "\n";
      return kExitUsage;
    }
  }
  TillState state(absl::GetFlag(FLAGS_state_dir), options.till_id);
  if (auto s = state.Init(); !s.ok()) {
    std::cerr << "pos-terminal: " << s.message() << "\n";
    return kExitUsage;
  }

  LocalCatalog catalog(state.dir());
  if (auto s = catalog.Load(); !s.ok()) {
    std::cerr << "pos-terminal: " << s.message() << "\n";  // fetched again below
  }
  Console* console_ptr = nullptr;  // set before any bill or push can arrive
  // The catalog copy follows the store's versions on a stream of its own.
  TillClientOptions follower_options = options;
  follower_options.max_attempts = 1;
  const RetryPauses pauses = RetryPauses::UpTo(absl::GetFlag(FLAGS_outbox_retry_max_ms));
  CatalogFollower::Reports reports;
  reports.reachable = [&console_ptr] {
    if (console_ptr != nullptr) console_ptr->OnServerReachable();
  };
  reports.applied = [&console_ptr](const CatalogCopy& copy) {
    if (console_ptr == nullptr) return;
    console_ptr->Say(absl::StrCat("* catalog ", copy.catalog_id(), " version ",
                                  copy.version(), " held on this till (",
                                  copy.items.size(), " items)"));
  };
  reports.failed = [&console_ptr](const absl::Status& s) {
    if (console_ptr != nullptr) {
      console_ptr->Say(absl::StrCat("! catalog copy not updated: ", s.message()));
    }
  };
  CatalogFollower follower(std::make_unique<TillClient>(follower_options), &catalog,
                           reports, pauses);
  TillClient client(
      options, [&console_ptr, &follower](const pos::v1::TillResponse& push) {
        if (!push.has_catalog()) return;
        const auto& delta = push.catalog();
        follower.Offer(delta);
        if (console_ptr == nullptr) return;
        // The cashier hears of a few changed prices; the copy takes them all.
        int shown = 0;
        for (const auto& item : delta.items()) {
          if (++shown > 5) break;
          console_ptr->Say(absl::StrCat("* price change: ", item.name(), " now ",
                                        FormatMoneyWithCode(item.unit_price()),
                                        " (catalog version ", delta.to_version(), ")"));
        }
      });
  // The sender has a stream of its own, one attempt per round.
  TillClientOptions sender_options = options;
  sender_options.max_attempts = 1;
  OutboxSender sender(
      std::make_unique<TillClient>(sender_options), &state,
      [&console_ptr](const pos::v1::SubmitBill& bill,
                     const absl::StatusOr<pos::v1::BillReceipt>& outcome) {
        console_ptr->OnSent(bill, outcome);
      },
      pauses);
  // Console::Say serialises the lines of both threads.
  Console console(
      &client, &state, &sender,
      [](const std::string& text) { std::cout << text << std::flush; }, &catalog,
      &follower);
  console_ptr = &console;
  // The follower reports to the console: it stops before the console goes.
  struct StopFollower {
    CatalogFollower& follower;
    ~StopFollower() { follower.Stop(); }
  } stop_follower{follower};
  client.set_reconnect_handler([&console, &follower](TillClient& c) {
    follower.Want(c.hello().catalog_id(), c.hello().catalog_version());
    return console.Rescan(c);
  });

  auto hello = client.Connect();
  if (hello.ok()) {
    follower.Want(hello->catalog_id(), hello->catalog_version());
    console.Say(absl::StrCat(hello->org_name(), " / ", hello->store_name(), " / till ",
                             options.till_id, " ready (", hello->currency(), ")"));
  } else if (!IsTransient(hello.status()) || !console.StartOffline(hello.status())) {
    // Refused (an unknown till), or silent with no catalog copy to sell from.
    std::cerr << "pos-terminal: " << hello.status().message() << "\n";
    return kExitCannotStart;
  }
  console.ResendOutbox();

  std::istream& in = input == "-" ? std::cin : file;
  const bool interactive = input == "-" && isatty(STDIN_FILENO);
  std::string line;
  for (;;) {
    if (interactive) std::cout << "> " << std::flush;
    if (!std::getline(in, line)) break;
    if (absl::AsciiStrToLower(absl::StripAsciiWhitespace(line)) == "quit") break;
    console.Execute(line);
  }
  console.EndOfInput();
  const size_t unsent = sender.Finish();
  if (unsent > 0) {
    console.Say(absl::StrCat("! ", unsent, " bill(s) not yet acknowledged stay in ",
                             state.dir(), "/outbox and are sent at the next start"));
  }
  client.Close().IgnoreError();
  return ExitCodeFor(console.refused(), unsent);
}

}  // namespace
}  // namespace tillstream

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("tillstream till terminal; type 'help' at the prompt");
  absl::ParseCommandLine(argc, argv);
  if (const absl::Status s = tillstream::ApplySecurityFlags(); !s.ok()) {
    std::cerr << "pos-terminal: " << s.message() << "\n";
    return tillstream::kExitUsage;
  }
  return tillstream::Run();
}
