// The fingerprint of what a partner's request says, stored with the record
// it created so that a resend with the same content is told from another
// request under the same id: SHA-256 of the message's deterministic
// serialisation (map entries in key order, whatever order they were added
// in). Stored: the bytes hashed must stay the same for the same content.
#ifndef TILLSTREAM_SERVER_RPC_FINGERPRINT_H_
#define TILLSTREAM_SERVER_RPC_FINGERPRINT_H_

#include <google/protobuf/message.h>

#include <string>

namespace tillstream {

std::string ContentFingerprint(const google::protobuf::Message& message);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_FINGERPRINT_H_
