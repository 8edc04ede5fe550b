// The store LAN for the fault suite, as a process: forwards a free loopback
// port to 127.0.0.1:TARGET_PORT and takes orders on stdin, one a line:
//   forward   pass bytes both ways (the start)
//   silent    a frozen LAN: bytes are swallowed, nothing is closed
//   refuse    a reset LAN: open connections get RST, new ones too
// It prints "port N" once listening and "ok MODE" after each order; it ends
// at the end of its input.
#include <iostream>
#include <string>

#include "tests/support/tcp_proxy.h"

int main(int argc, char** argv) {
  using tillstream::testing::TcpProxy;
  if (argc != 2) {
    std::cerr << "usage: fault_proxy TARGET_PORT\n";
    return 2;
  }
  TcpProxy proxy(std::stoi(argv[1]));
  std::cout << "port " << proxy.port() << std::endl;
  std::string order;
  while (std::getline(std::cin, order)) {
    if (order == "forward") {
      proxy.set_mode(TcpProxy::Mode::kForward);
    } else if (order == "silent") {
      proxy.set_mode(TcpProxy::Mode::kSilent);
    } else if (order == "refuse") {
      proxy.set_mode(TcpProxy::Mode::kRefuse);
    } else {
      std::cout << "unknown order '" << order << "'" << std::endl;
      continue;
    }
    std::cout << "ok " << order << std::endl;
  }
  return 0;
}
