// Environment look-ups for flag defaults.
#ifndef TILLSTREAM_COMMON_ENV_H_
#define TILLSTREAM_COMMON_ENV_H_

#include <string>

namespace tillstream {

// The variable's value, or `fallback` when it is unset or empty.
std::string EnvOr(const char* name, const char* fallback);

}  // namespace tillstream

#endif  // TILLSTREAM_COMMON_ENV_H_
