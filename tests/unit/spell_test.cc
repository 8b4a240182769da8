// "Did you mean": the bounded search gives the suggestions a full comparison gives.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "support/spell.h"

using namespace mlpc;

namespace {

// The search as it was: every candidate, the full distance, the first closest one.
std::string Reference(const std::string& word, const std::vector<std::string>& candidates) {
  if (word.size() > 64) return {};
  size_t limit = std::max<size_t>(1, word.size() / 3);
  std::string best;
  size_t best_d = limit + 1;
  for (const std::string& c : candidates) {
    std::vector<std::vector<size_t>> d(word.size() + 1, std::vector<size_t>(c.size() + 1));
    for (size_t i = 0; i <= word.size(); ++i) d[i][0] = i;
    for (size_t j = 0; j <= c.size(); ++j) d[0][j] = j;
    for (size_t i = 1; i <= word.size(); ++i)
      for (size_t j = 1; j <= c.size(); ++j) {
        d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (word[i - 1] == c[j - 1] ? 0 : 1)});
        if (i > 1 && j > 1 && word[i - 1] == c[j - 2] && word[i - 2] == c[j - 1])
          d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    if (d[word.size()][c.size()] < best_d) {
      best_d = d[word.size()][c.size()];
      best = c;
    }
  }
  return best;
}

}  // namespace

TEST_CASE("suggestions match a full comparison of every candidate", "[spell]") {
  std::mt19937 rng(11);
  auto word = [&](size_t max_len) {
    std::string s(1 + rng() % max_len, 'a');
    for (char& ch : s) ch = "abcde-_"[rng() % 7];
    return s;
  };
  for (int round = 0; round < 2000; ++round) {
    std::vector<std::string> candidates;
    for (int i = 0, n = 1 + static_cast<int>(rng() % 20); i < n; ++i) candidates.push_back(word(12));
    std::string w = word(12);
    INFO(w);
    REQUIRE(Suggest(w, candidates) == Reference(w, candidates));
    REQUIRE(EditDistance(w, candidates[0]) == EditDistance(candidates[0], w));
  }
  REQUIRE(EditDistance("", "abc") == 3);
  REQUIRE(EditDistance("ca", "abc") == 3);  // optimal string alignment, not Damerau
}

TEST_CASE("a lookup considers a bounded number of candidates", "[spell]") {
  // Suggestions come from the first 1,000 names: past them, a lookup's cost stays flat
  // however many names there are.
  std::vector<std::string> names;
  for (int i = 0; i < 5000; ++i) names.push_back("task-" + std::to_string(100000 + i));
  REQUIRE(Suggest("tsk-100010", names) == "task-100010");
  REQUIRE(Suggest("tsk-104000", names) == "task-100000");  // the closest of the first 1,000
}
