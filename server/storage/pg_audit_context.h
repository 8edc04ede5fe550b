// The audit record as the JSON the audit trigger reads from the connection
// setting `tillstream.audit`.
#ifndef TILLSTREAM_SERVER_STORAGE_PG_AUDIT_CONTEXT_H_
#define TILLSTREAM_SERVER_STORAGE_PG_AUDIT_CONTEXT_H_

#include <string>

#include "server/domain/identity/audit.h"

namespace tillstream::pg {

std::string AuditContextJson(const AuditRecord& record);

}  // namespace tillstream::pg

#endif  // TILLSTREAM_SERVER_STORAGE_PG_AUDIT_CONTEXT_H_
