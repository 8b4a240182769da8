// "Did you mean" suggestions for unknown keys and names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mlpc {

size_t EditDistance(std::string_view a, std::string_view b);
// The closest candidate within a distance that scales with the word's length; empty when
// nothing is close enough to be a likely typo.
std::string Suggest(std::string_view word, const std::vector<std::string>& candidates);
// "; did you mean `x`?" or empty.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace mlpc
