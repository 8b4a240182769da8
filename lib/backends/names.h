// Names the backends make from user text: lower-case letters and digits joined by `-`.
#pragma once

#include <string>
#include <string_view>

namespace mlpc {

// "Empty-Dir/var Scratch_1" -> "empty-dir-var-scratch-1"; empty when nothing is left.
std::string Slug(std::string_view s);

}  // namespace mlpc
