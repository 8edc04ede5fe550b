// What a fuzz target asserts: a broken invariant aborts, so libFuzzer keeps
// the input and reports it (plain assert() would vanish under NDEBUG).
#ifndef TILLSTREAM_TESTS_FUZZ_FUZZ_CHECK_H_
#define TILLSTREAM_TESTS_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                                    \
  do {                                                                           \
    if (!(condition)) {                                                          \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", __FILE__, __LINE__, \
                   #condition);                                                  \
      std::abort();                                                              \
    }                                                                            \
  } while (0)

#endif  // TILLSTREAM_TESTS_FUZZ_FUZZ_CHECK_H_
