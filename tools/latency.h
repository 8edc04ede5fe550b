// Latency figures the load tools print: percentiles of milliseconds.
#ifndef TILLSTREAM_TOOLS_LATENCY_H_
#define TILLSTREAM_TOOLS_LATENCY_H_

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"

namespace tillstream {

// The nearest-rank percentile p (0..1) of `v`, which it sorts; 0 when empty.
inline double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t idx = std::min(
      v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5));
  return v[idx];
}

// "p50=1.23 p99=4.56 max=7.89 (n=100)".
inline std::string LatencySummary(std::vector<double> v) {
  const double p50 = Percentile(v, 0.50);
  const double p99 = Percentile(v, 0.99);
  return absl::StrFormat("p50=%.2f p99=%.2f max=%.2f (n=%d)", p50, p99,
                         v.empty() ? 0.0 : v.back(), v.size());
}

}  // namespace tillstream

#endif  // TILLSTREAM_TOOLS_LATENCY_H_
