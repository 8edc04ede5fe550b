#include "tests/support/tcp_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace tillstream::testing {
namespace {

sockaddr_in Loopback(int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

// Closed with RST, as a reset LAN does.
void Reset(int fd) {
  if (fd < 0) return;
  linger l{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
  close(fd);
}

// Sends all of `n` bytes; false when the peer is gone.
bool SendAll(int fd, const char* data, ssize_t n) {
  while (n > 0) {
    const ssize_t sent = send(fd, data, static_cast<size_t>(n), MSG_NOSIGNAL);
    if (sent <= 0) return false;
    data += sent;
    n -= sent;
  }
  return true;
}

}  // namespace

TcpProxy::TcpProxy(int target_port) : target_port_(target_port) {
  listener_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a = Loopback(0);
  if (listener_ < 0 || bind(listener_, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0 ||
      listen(listener_, 64) != 0) {
    throw std::runtime_error("tcp proxy: cannot listen");
  }
  socklen_t len = sizeof(a);
  getsockname(listener_, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
  thread_ = std::thread([this] { Loop(); });
}

TcpProxy::~TcpProxy() {
  stop_ = true;
  thread_.join();
  for (Pair& p : pairs_) Close(p);
  close(listener_);
}

int TcpProxy::open_connections() {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int>(pairs_.size());
}

std::string TcpProxy::Redirect(const std::string& url) const {
  const size_t at = url.rfind('@');
  const size_t colon = url.find(':', at == std::string::npos ? 0 : at);
  const size_t slash = url.find('/', colon);
  if (colon == std::string::npos || slash == std::string::npos) {
    throw std::runtime_error("tcp proxy: no port in " + url);
  }
  return url.substr(0, colon + 1) + std::to_string(port_) + url.substr(slash);
}

void TcpProxy::Close(Pair& p) {
  Reset(p.client);
  Reset(p.target);
  p.client = p.target = -1;
}

void TcpProxy::Loop() {
  char buf[16384];
  while (!stop_) {
    std::vector<pollfd> fds{{listener_, POLLIN, 0}};
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (mode_ == Mode::kRefuse) {
        for (Pair& p : pairs_) Close(p);
        pairs_.clear();
      }
      for (const Pair& p : pairs_) {
        fds.push_back({p.client, POLLIN, 0});
        fds.push_back({p.target, POLLIN, 0});
      }
    }
    if (poll(fds.data(), fds.size(), 20) <= 0) continue;
    if (fds[0].revents & POLLIN) {
      const int client = accept(listener_, nullptr, nullptr);
      if (client >= 0 && mode_ != Mode::kForward) {
        Reset(client);  // no route to the target while cut or refusing
      } else if (client >= 0) {
        const int target = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a = Loopback(target_port_);
        if (connect(target, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0) {
          Reset(client);
          Reset(target);
        } else {
          std::lock_guard<std::mutex> lock(mu_);
          pairs_.push_back({client, target});
        }
      }
    }
    std::lock_guard<std::mutex> lock(mu_);
    const bool silent = mode_ == Mode::kSilent;
    for (size_t i = 1; i + 1 < fds.size(); i += 2) {
      Pair* pair = nullptr;
      for (Pair& p : pairs_) {
        if (p.client == fds[i].fd) pair = &p;
      }
      if (pair == nullptr) continue;
      bool open = true;
      for (int side = 0; side < 2 && open; ++side) {
        const pollfd& f = fds[i + side];
        if (!(f.revents & (POLLIN | POLLHUP | POLLERR))) continue;
        const ssize_t n = recv(f.fd, buf, sizeof(buf), 0);
        if (n <= 0) {
          if (silent && side == 1) ++closed_by_target_silent_;
          open = false;
        } else if (!silent) {
          open = SendAll(side == 0 ? pair->target : pair->client, buf, n);
        }  // silent: swallowed, as by a cut cable
      }
      if (!open) Close(*pair);
    }
    for (size_t i = 0; i < pairs_.size();) {
      if (pairs_[i].client < 0) {
        pairs_.erase(pairs_.begin() + static_cast<long>(i));
      } else {
        ++i;
      }
    }
  }
}

}  // namespace tillstream::testing
