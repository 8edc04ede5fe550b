// JournalService: the auditor's check of the tamper-evident journal, on the
// callback API; the handler runs JournalAudit on the worker pool.
#ifndef TILLSTREAM_SERVER_RPC_JOURNAL_SERVICE_H_
#define TILLSTREAM_SERVER_RPC_JOURNAL_SERVICE_H_

#include "pos/v1/journal.grpc.pb.h"
#include "server/rpc/unary.h"
#include "server/rpc/worker_pool.h"
#include "server/usecases/journal_audit.h"

namespace tillstream {

class JournalServiceImpl final : public pos::v1::JournalService::CallbackService {
 public:
  static constexpr char kServiceName[] = "JournalService";

  JournalServiceImpl(JournalAudit* audit, WorkerPool* pool, AccessControl* access)
      : audit_(audit), pool_(pool), access_(access) {}

  TILLSTREAM_UNARY_RPC(VerifyJournal, VerifyJournalRequest, JournalVerification);
  TILLSTREAM_UNARY_RPC(ReadJournal, ReadJournalRequest, JournalPage);

 private:
  JournalAudit* const audit_;
  WorkerPool* const pool_;
  AccessControl* const access_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_JOURNAL_SERVICE_H_
