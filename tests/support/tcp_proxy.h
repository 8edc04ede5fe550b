// A loopback TCP proxy a test owns, standing for the store LAN or the link
// to PostgreSQL: it forwards, goes silent (a cut cable: bytes are swallowed,
// nothing is closed), or refuses (every connection reset, new ones too).
#ifndef TILLSTREAM_TESTS_SUPPORT_TCP_PROXY_H_
#define TILLSTREAM_TESTS_SUPPORT_TCP_PROXY_H_

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tillstream::testing {

class TcpProxy {
 public:
  enum class Mode { kForward, kSilent, kRefuse };

  // Listens on a free loopback port and forwards to 127.0.0.1:`target_port`.
  explicit TcpProxy(int target_port);
  ~TcpProxy();
  TcpProxy(const TcpProxy&) = delete;
  TcpProxy& operator=(const TcpProxy&) = delete;

  int port() const { return port_; }
  // kRefuse also resets the connections already open.
  void set_mode(Mode mode) { mode_ = mode; }

  // Connections whose far side (the target) closed them while the proxy was
  // silent: the target noticed the dead link by itself.
  int closed_by_target_while_silent() const { return closed_by_target_silent_; }
  int open_connections();

  // `url` (…@host:PORT/db) with its port replaced by this proxy's.
  std::string Redirect(const std::string& url) const;

 private:
  struct Pair {
    int client = -1;
    int target = -1;
  };
  void Loop();
  void Close(Pair& p);

  const int target_port_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<Mode> mode_{Mode::kForward};
  std::atomic<bool> stop_{false};
  std::atomic<int> closed_by_target_silent_{0};
  std::mutex mu_;
  std::vector<Pair> pairs_;
  std::thread thread_;
};

}  // namespace tillstream::testing

#endif  // TILLSTREAM_TESTS_SUPPORT_TCP_PROXY_H_
