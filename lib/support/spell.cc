#include "support/spell.h"

#include <algorithm>
#include <array>

namespace mlpc {
namespace {

// Longest word that gets a suggestion, and how many candidates one lookup considers. The
// cap keeps a lookup's cost bounded whatever the number of names (bench/README.md
// measures misspelled `after` entries over 10,000 tasks). Hand-written specs are far
// below it, so their suggestions are unchanged.
constexpr size_t kMaxWord = 64;
constexpr size_t kMaxCandidates = 1'000;

// A lower bound of the edit distance from the letters alone: each insertion, deletion or
// substitution changes the letters by at most one on each side, a transposition not at
// all. `counts` holds the letters of the word (length `word_len`); it is left as found.
size_t LetterBound(std::array<int, 256>& counts, size_t word_len, std::string_view c) {
  size_t matched = 0;
  for (unsigned char ch : c) matched += counts[ch]-- > 0 ? 1 : 0;
  for (unsigned char ch : c) ++counts[ch];
  return std::max(word_len - matched, c.size() - matched);
}

// The optimal string alignment distance of `a` and `b`, or `bound + 1` as soon as it is
// known to exceed `bound`. `rows` is scratch space, reused between calls.
size_t BoundedDistance(std::string_view a, std::string_view b, size_t bound, std::vector<size_t>& rows) {
  size_t w = b.size() + 1;
  rows.assign(3 * w, 0);
  size_t* prev2 = rows.data();
  size_t* prev = prev2 + w;
  size_t* cur = prev + w;
  for (size_t j = 0; j < w; ++j) prev[j] = j;
  size_t prev_min = 0;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    size_t row_min = i;
    for (size_t j = 1; j < w; ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      size_t d = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d = std::min(d, prev2[j - 2] + 1);
      cur[j] = d;
      row_min = std::min(row_min, d);
    }
    // Every later cell comes from one of the last two rows plus a non-negative cost.
    if (row_min > bound && prev_min > bound) return bound + 1;
    prev_min = row_min;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return std::min(prev[b.size()], bound + 1);
}

}  // namespace

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> rows;
  return BoundedDistance(a, b, std::max(a.size(), b.size()), rows);
}

std::string Suggest(std::string_view word, const std::vector<std::string>& candidates) {
  if (word.size() > kMaxWord) return {};
  size_t limit = std::max<size_t>(1, word.size() / 3);
  std::array<int, 256> counts{};
  for (unsigned char ch : word) ++counts[ch];
  std::vector<size_t> rows;
  const std::string* best = nullptr;
  size_t best_d = limit + 1;
  size_t considered = std::min(candidates.size(), kMaxCandidates);
  for (size_t i = 0; i < considered; ++i) {
    const std::string& c = candidates[i];
    // Only a closer candidate replaces the best one: cheap bounds first.
    size_t gap = c.size() > word.size() ? c.size() - word.size() : word.size() - c.size();
    if (gap >= best_d || LetterBound(counts, word.size(), c) >= best_d) continue;
    size_t dist = BoundedDistance(word, c, best_d - 1, rows);
    if (dist < best_d) {
      best_d = dist;
      best = &c;
    }
  }
  return best ? *best : std::string();
}

std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  std::string s = Suggest(word, candidates);
  return s.empty() ? std::string() : "; did you mean `" + s + "`?";
}

}  // namespace mlpc
