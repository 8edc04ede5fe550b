// What a write request names, for its audit row: the request's non-empty
// `*_id` text fields (and those of the messages it holds directly), e.g.
// "store_id=s1 till_id=t1"; org_id and request_id are recorded apart.
#ifndef TILLSTREAM_SERVER_RPC_AUDIT_TARGET_H_
#define TILLSTREAM_SERVER_RPC_AUDIT_TARGET_H_

#include <google/protobuf/message.h>

#include <string>

namespace tillstream {

std::string AuditTarget(const google::protobuf::Message& request);

// The digest of a write request for its audit row: ContentFingerprint of the
// request with its PIN fields cleared, since a short PIN is found again from
// a digest of otherwise known content by trying them all.
std::string AuditDigest(const google::protobuf::Message& request);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_AUDIT_TARGET_H_
