// Ends the open streams of revoked tills on this posd, whichever posd the
// revocation was made through: polls the recent revocations every `period`
// (and ends streams whose certificate expired meanwhile).
#ifndef TILLSTREAM_SERVER_RPC_REVOCATION_WATCH_H_
#define TILLSTREAM_SERVER_RPC_REVOCATION_WATCH_H_

#include <condition_variable>
#include <mutex>
#include <thread>

#include "absl/time/time.h"
#include "server/rpc/terminal_service.h"
#include "server/usecases/till_authority.h"

namespace tillstream {

class RevocationWatch {
 public:
  RevocationWatch(TillAuthority* tills, TerminalServiceImpl* terminal,
                  absl::Duration period);
  ~RevocationWatch();  // stops at once
  RevocationWatch(const RevocationWatch&) = delete;
  RevocationWatch& operator=(const RevocationWatch&) = delete;

 private:
  void Loop();

  TillAuthority* const tills_;
  TerminalServiceImpl* const terminal_;
  const absl::Duration period_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_REVOCATION_WATCH_H_
