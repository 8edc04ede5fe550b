#include "client/api_key_flag.h"

#include <string>

#include "absl/flags/flag.h"
#include "common/env.h"

ABSL_FLAG(std::string, api_key, tillstream::EnvOr("POS_API_KEY", ""),
          "API key for the back-office calls, tsk_... as posctl create-key or posd "
          "--bootstrap_platform_key printed it (env POS_API_KEY; prefer the env, "
          "flags show in the process list)");

namespace tillstream {

std::string ApiKeyFromFlags() { return absl::GetFlag(FLAGS_api_key); }

void AddApiKey(grpc::ClientContext* ctx) {
  const std::string key = ApiKeyFromFlags();
  if (!key.empty()) ctx->AddMetadata("authorization", "Bearer " + key);
}

}  // namespace tillstream
