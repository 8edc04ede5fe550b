// The API key the back-office tools present (--api_key, env POS_API_KEY):
// sent as `authorization: Bearer <key>` and never printed.
#ifndef TILLSTREAM_CLIENT_API_KEY_FLAG_H_
#define TILLSTREAM_CLIENT_API_KEY_FLAG_H_

#include <grpcpp/grpcpp.h>

#include <string>

namespace tillstream {

// Adds the key to the call's metadata; a call without it is UNAUTHENTICATED.
void AddApiKey(grpc::ClientContext* ctx);

// The key itself, for a tool that passes it on (e.g. to ask for enrolment
// codes); empty without one.
std::string ApiKeyFromFlags();

}  // namespace tillstream

#endif  // TILLSTREAM_CLIENT_API_KEY_FLAG_H_
