// TerminalService: one bidirectional stream per till session, on gRPC's
// callback API. Each request runs on the worker pool, one at a time per
// stream (so answers keep request order); the server can push messages to
// open streams at any time (price changes).
//
// Over TLS each stream is the till its client certificate names: the first
// request is answered only once TillAuthority accepted the certificate, and
// hello must name that very till. A revoked certificate's streams are ended
// by EndStreamsOf.
//
// It is served as a generic (byte-level) service on the method path
// /pos.v1.TerminalService/Session, so that a request protobuf cannot parse
// (malformed UTF-8) is answered with the offending field instead of silently
// ending the stream.
#ifndef TILLSTREAM_SERVER_RPC_TERMINAL_SERVICE_H_
#define TILLSTREAM_SERVER_RPC_TERMINAL_SERVICE_H_

#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/impl/codegen/proto_utils.h>

#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "pos/v1/pos.pb.h"
#include "server/rpc/worker_pool.h"
#include "server/usecases/cashier_access.h"
#include "server/usecases/guess_guard.h"
#include "server/usecases/repositories.h"
#include "server/usecases/till_authority.h"

namespace tillstream {

class TillStream;

class TerminalServiceImpl final : public grpc::CallbackGenericService {
 public:
  static constexpr char kSessionMethod[] = "/pos.v1.TerminalService/Session";

  // `guesses` limits each till's look-ups of unknown customers and coupons.
  // `tills` identifies tills by certificate; null only on a plaintext posd,
  // where hello is taken at its word.
  // `cashiers` signs cashiers in (none when null).
  TerminalServiceImpl(const Repositories& repos, WorkerPool* pool,
                      GuessGuard* guesses = nullptr, TillAuthority* tills = nullptr,
                      CashierAccess* cashiers = nullptr);
  ~TerminalServiceImpl() override;

  grpc::ServerGenericBidiReactor* CreateReactor(
      grpc::GenericCallbackServerContext* context) override;

  // Sends `message` to every open stream of the org whose store was assigned
  // `catalog_id` at its hello.
  void Broadcast(const std::string& org_id, const std::string& catalog_id,
                 const pos::v1::TillResponse& message);

  // Ends every open stream with UNAVAILABLE once its in-flight request has
  // been answered; new streams are refused from now on.
  void CloseAll();

  // Ends, with UNAUTHENTICATED, the streams of certificates in `serials`
  // and those whose certificate expired by `now`.
  void EndStreamsOf(const std::set<std::string>& serials, absl::Time now);

  size_t open_streams();

 private:
  friend class TillStream;
  void Remove(TillStream* stream);

  const Repositories repos_;
  GuessGuard* const guesses_;
  TillAuthority* const tills_;
  CashierAccess* const cashiers_;
  WorkerPool* const pool_;
  std::mutex mu_;
  std::set<TillStream*> streams_;
  bool closing_ = false;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_TERMINAL_SERVICE_H_
