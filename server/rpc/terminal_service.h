// TerminalService: one bidirectional stream per till session, on gRPC's
// callback API. Each request runs on the worker pool, one at a time per
// stream (so answers keep request order); the server can push messages to
// open streams at any time (price changes).
#ifndef TILLSTREAM_SERVER_RPC_TERMINAL_SERVICE_H_
#define TILLSTREAM_SERVER_RPC_TERMINAL_SERVICE_H_

#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "pos/v1/pos.grpc.pb.h"
#include "server/domain/repositories.h"
#include "server/rpc/worker_pool.h"

namespace tillstream {

class TillStream;

class TerminalServiceImpl final : public pos::v1::TerminalService::CallbackService {
 public:
  TerminalServiceImpl(const Repositories& repos, WorkerPool* pool);
  ~TerminalServiceImpl() override;

  grpc::ServerBidiReactor<pos::v1::TillRequest, pos::v1::TillResponse>* Session(
      grpc::CallbackServerContext* context) override;

  // Sends `message` to every open stream of the org (after its hello).
  void Broadcast(const std::string& org_id, const pos::v1::TillResponse& message);

  // Ends every open stream with UNAVAILABLE once its in-flight request has
  // been answered; new streams are refused from now on.
  void CloseAll();

  size_t open_streams();

 private:
  friend class TillStream;
  void Remove(TillStream* stream);

  const Repositories repos_;
  WorkerPool* const pool_;
  std::mutex mu_;
  std::set<TillStream*> streams_;
  bool closing_ = false;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_TERMINAL_SERVICE_H_
