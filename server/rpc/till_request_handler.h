// What the requests of one till stream do: each TillRequest is checked,
// handed to the TillSession use case and answered by exactly one
// TillResponse with the same correlation id (a refusal as a RequestError
// naming the blamed field). No I/O: the stream reactor reads, runs Handle on
// the worker pool and writes. Not thread-safe: one request at a time.
#ifndef TILLSTREAM_SERVER_RPC_TILL_REQUEST_HANDLER_H_
#define TILLSTREAM_SERVER_RPC_TILL_REQUEST_HANDLER_H_

#include <string>

#include "absl/status/status.h"
#include "pos/v1/pos.pb.h"
#include "server/usecases/clock.h"
#include "server/usecases/repositories.h"
#include "server/usecases/till_catalogs.h"
#include "server/usecases/till_session.h"

namespace tillstream {

class TillRequestHandler {
 public:
  // `peer` names the connection in logs.
  TillRequestHandler(const Repositories& repos, std::string peer, Clock clock = absl::Now,
                     GuessGuard* guesses = nullptr, CashierAccess* cashiers = nullptr);

  pos::v1::TillResponse Handle(const pos::v1::TillRequest& request);

  // The till this stream's certificate names: hello must name it.
  void BindTo(const TillIdentity& till) { session_.BindTo(till); }

  // The org of the till once it said hello; "" before.
  const std::string& org_id() const { return org_id_; }
  // The catalog its store was assigned at hello; "" before.
  const std::string& catalog_id() const { return catalog_id_; }

 private:
  absl::Status Dispatch(const pos::v1::TillRequest& request,
                        pos::v1::TillResponse* response);

  TillSession session_;
  TillCatalogs catalogs_;
  const std::string peer_;
  const Clock clock_;
  std::string org_id_;
  std::string catalog_id_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_TILL_REQUEST_HANDLER_H_
