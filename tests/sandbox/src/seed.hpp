#pragma once
// Helpers for reading a seed file's sections (README.md, "Seed file").

#include "json.hpp"

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

namespace issuebridge::sandbox {

// "" when `obj` is an object whose keys are all in `allowed`; else "<where>: ..." naming the first
// unknown key. Unknown keys are errors, so a typo in a seed file does not silently give an empty
// sandbox.
std::string check_keys(const Json& obj, std::string_view where,
                       std::span<const std::string_view> allowed);
inline std::string check_keys(const Json& obj, std::string_view where,
                              std::initializer_list<std::string_view> allowed) {
    return check_keys(obj, where,
                      std::span<const std::string_view>(allowed.begin(), allowed.size()));
}

} // namespace issuebridge::sandbox
