#include "common/env.h"

#include <cstdlib>

namespace tillstream {

std::string EnvOr(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : fallback;
}

}  // namespace tillstream
