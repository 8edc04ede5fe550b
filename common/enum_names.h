// Names of enums numbered from 1, kept in a table indexed by the number
// (the stored numbers are pinned next to each enum).
#ifndef TILLSTREAM_COMMON_ENUM_NAMES_H_
#define TILLSTREAM_COMMON_ENUM_NAMES_H_

#include <cstddef>
#include <initializer_list>

namespace tillstream {

// names[0] belongs to value 1; a value outside the table is `unknown`.
template <typename Enum>
const char* EnumName(Enum value, std::initializer_list<const char*> names,
                     const char* unknown = "?") {
  const auto n = static_cast<size_t>(value);
  return n >= 1 && n <= names.size() ? names.begin()[n - 1] : unknown;
}

}  // namespace tillstream

#endif  // TILLSTREAM_COMMON_ENUM_NAMES_H_
