#include "server/domain/identity/audit.h"

namespace tillstream {
namespace {

thread_local const AuditRecord* current_audit = nullptr;

}  // namespace

ScopedAudit::ScopedAudit(const AuditRecord* record) : previous_(current_audit) {
  current_audit = record;
}

ScopedAudit::~ScopedAudit() { current_audit = previous_; }

const AuditRecord* CurrentAudit() { return current_audit; }

}  // namespace tillstream
