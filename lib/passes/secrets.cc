// Secret shapes and names for W0102. A shape is matched only at a word boundary and at
// its full length, so digests, UUIDs and words that merely contain a prefix pass.
#include "passes/secrets.h"

#include <array>
#include <cctype>
#include <string>
#include <vector>

namespace mlpc {
namespace {

bool Alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool UpperOrDigit(char c) { return std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)); }
bool Base64Url(char c) { return Alnum(c) || c == '-' || c == '_'; }

// How many characters from `at` satisfy `ok`.
template <typename Pred>
size_t Run(std::string_view s, size_t at, Pred ok) {
  size_t n = 0;
  while (at + n < s.size() && ok(s[at + n])) ++n;
  return n;
}

// A token starts a word: the character before it is not part of one.
bool Starts(std::string_view s, size_t i) { return i == 0 || !(Base64Url(s[i - 1]) || s[i - 1] == '.'); }

std::string_view TokenAt(std::string_view s, size_t i) {
  std::string_view rest = s.substr(i);
  if ((rest.starts_with("AKIA") || rest.starts_with("ASIA")) && Run(s, i + 4, UpperOrDigit) == 16)
    return "an AWS access key id";
  for (std::string_view p : {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"})
    if (rest.starts_with(p) && Run(s, i + 4, Alnum) >= 30) return "a GitHub token";
  if (rest.starts_with("github_pat_") && Run(s, i + 11, Base64Url) >= 22) return "a GitHub token";
  for (std::string_view p : {"xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-"})
    if (rest.starts_with(p) && Run(s, i + 5, [](char c) { return Alnum(c) || c == '-'; }) >= 10)
      return "a Slack token";
  if (rest.starts_with("AIza") && Run(s, i + 4, Base64Url) == 35) return "a Google API key";
  if (rest.starts_with("eyJ")) {
    size_t a = Run(s, i, Base64Url);
    if (a >= 10 && i + a < s.size() && s[i + a] == '.' && s.substr(i + a + 1).starts_with("eyJ")) {
      size_t b = Run(s, i + a + 1, Base64Url);
      size_t at = i + a + 1 + b;
      if (b >= 10 && at < s.size() && s[at] == '.' && Run(s, at + 1, Base64Url) >= 10) return "a JSON web token";
    }
  }
  if (rest.starts_with("sk-")) {
    size_t n = Run(s, i + 3, Base64Url);
    std::string_view key = s.substr(i + 3, n);
    bool digit = key.find_first_of("0123456789") != std::string_view::npos;
    if (n >= 32 && digit) return "an API key";
  }
  return {};
}

// `scheme://user:password@host` with a non-empty password that is not a reference
// (`${{ }}`, Kubernetes' `$(VAR)`, Argo's `{{ }}`).
bool UrlWithPassword(std::string_view s) {
  for (size_t at = s.find("://"); at != std::string_view::npos; at = s.find("://", at + 3)) {
    size_t scheme = at;
    while (scheme > 0 && (Alnum(s[scheme - 1]) || s[scheme - 1] == '+' || s[scheme - 1] == '.' || s[scheme - 1] == '-'))
      --scheme;
    if (scheme == at || !std::isalpha(static_cast<unsigned char>(s[scheme]))) continue;
    size_t begin = at + 3;
    size_t end = s.find_first_of("/?#@ \t\n", begin);
    if (end == std::string_view::npos || s[end] != '@') continue;
    std::string_view userinfo = s.substr(begin, end - begin);
    size_t colon = userinfo.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view password = userinfo.substr(colon + 1);
    if (password.empty() || password.starts_with("${") || password.starts_with("$(") || password.starts_with("{{"))
      continue;
    if (end + 1 < s.size() && s[end + 1] != '/') return true;  // a host follows
  }
  return false;
}

// The words of a name, lower-case: split at `_`, `-`, `.` and before an upper-case letter
// that follows a lower-case one (`githubToken`).
std::vector<std::string> Words(std::string_view name) {
  std::vector<std::string> words(1);
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool split = c == '_' || c == '-' || c == '.' ||
                 (i > 0 && std::isupper(static_cast<unsigned char>(c)) && std::islower(static_cast<unsigned char>(name[i - 1])));
    if (split && !words.back().empty()) words.emplace_back();
    if (c != '_' && c != '-' && c != '.') words.back() += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (words.back().empty()) words.pop_back();
  return words;
}

bool Contains(const std::string& w, std::string_view part) { return w.find(part) != std::string::npos; }
bool EndsWith(const std::string& w, std::string_view part) { return std::string_view(w).ends_with(part); }

}  // namespace

bool SecretName(std::string_view name) {
  std::vector<std::string> words = Words(name);
  if (words.empty()) return false;
  // A name that ends so names, locates or measures a credential instead of holding one.
  static constexpr std::array<std::string_view, 17> kAbout = {
      "name", "names", "file", "path", "dir", "env", "var", "ref", "id", "url",
      "uri", "length", "limit", "count", "ttl", "type", "mount"};
  for (std::string_view a : kAbout)
    if (words.back() == a) return false;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (Contains(w, "password") || Contains(w, "passwd") || Contains(w, "credential") || Contains(w, "apikey") ||
        Contains(w, "privatekey") || Contains(w, "accesskey") || EndsWith(w, "token") || EndsWith(w, "secret"))
      return true;
    if (w == "key" && i > 0 &&
        (words[i - 1] == "api" || words[i - 1] == "access" || words[i - 1] == "private" || words[i - 1] == "secret"))
      return true;
  }
  return false;
}

std::string_view SecretShape(std::string_view value) {
  for (size_t i = 0; i < value.size(); ++i) {
    if (!Starts(value, i)) continue;
    std::string_view kind = TokenAt(value, i);
    if (!kind.empty()) return kind;
  }
  size_t begin = value.find("-----BEGIN ");
  if (begin != std::string_view::npos && value.find("PRIVATE KEY-----", begin) != std::string_view::npos)
    return "a private key";
  if (UrlWithPassword(value)) return "a URL with a password";
  return {};
}

}  // namespace mlpc
