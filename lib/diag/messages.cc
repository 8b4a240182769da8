// The message kinds of messages.def: their table, and each kind's Text() and Hint(), which
// fill its templates with its arguments by name. The templates are checked against the
// argument names at compile time: every `{name}` is an argument, and the message uses
// every argument.
#include "diag/messages.h"

#include <fmt/format.h>

namespace mlpc {

namespace {

// The argument names of a row, "a, b" (each A() of the row wrote "a, ").
constexpr std::string_view ArgList(std::string_view list) {
  return list.empty() ? list : list.substr(0, list.size() - 2);
}

// Whether `names` ("a, b") holds `name`.
constexpr bool HasName(std::string_view names, std::string_view name) {
  while (!names.empty()) {
    size_t comma = names.find(", ");
    if (names.substr(0, comma) == name) return true;
    if (comma == std::string_view::npos) break;
    names.remove_prefix(comma + 2);
  }
  return false;
}

// Every replacement field of `message` is `{name}` of one of `names`, and, when
// `all_used`, each of `names` is used. `{{` and `}}` are literal braces.
constexpr bool TemplateFits(std::string_view message, std::string_view names, bool all_used = true) {
  std::string_view used[8];
  size_t count = 0;
  for (size_t i = 0; i < message.size(); ++i) {
    if (message[i] == '}') {
      if (i + 1 >= message.size() || message[i + 1] != '}') return false;
      ++i;
      continue;
    }
    if (message[i] != '{') continue;
    if (i + 1 < message.size() && message[i + 1] == '{') {
      ++i;
      continue;
    }
    size_t close = message.find('}', i);
    if (close == std::string_view::npos) return false;
    std::string_view name = message.substr(i + 1, close - i - 1);
    if (!HasName(names, name) || count == 8) return false;
    used[count++] = name;
    i = close;
  }
  while (all_used && !names.empty()) {
    size_t comma = names.find(", ");
    std::string_view name = names.substr(0, comma);
    bool found = false;
    for (size_t u = 0; u < count; ++u) found = found || used[u] == name;
    if (!found) return false;
    if (comma == std::string_view::npos) break;
    names.remove_prefix(comma + 2);
  }
  return true;
}

}  // namespace

#define A(type, name) #name ", "
#define K(id, kind, code, message, hint, args)                                     \
  static_assert(TemplateFits(message, ArgList("" args)),                           \
                "messages.def: the message of " kind " and its arguments differ"); \
  static_assert(TemplateFits(hint, ArgList("" args), false), "messages.def: the hint of " kind " names no argument");
#include "diag/messages.def"
#undef K
#undef A

#define A(type, name) , fmt::arg(#name, this->name)
#define K(id, kind, code, message, hint, args)                                           \
  std::string diag::id::Text() const { return fmt::format(fmt::runtime(message) args); } \
  std::string diag::id::Hint() const { return fmt::format(fmt::runtime(hint) args); }
#include "diag/messages.def"
#undef K
#undef A

const std::vector<KindInfo>& AllKinds() {
  static const std::vector<KindInfo> kKinds = {
#define A(type, name) #name ", "
#define K(id, kind, code, message, hint, args) {DiagKind::id, kind, Code::code, message, hint, ArgList("" args)},
#include "diag/messages.def"
#undef K
#undef A
  };
  return kKinds;
}

const KindInfo& Info(DiagKind kind) {
  static const KindInfo kNone{DiagKind::None, "", Code::E0101, "", "", ""};
  return kind == DiagKind::None ? kNone : AllKinds()[static_cast<size_t>(kind) - 1];
}

const KindInfo* FindKind(std::string_view name) {
  for (const KindInfo& k : AllKinds())
    if (k.name == name) return &k;
  return nullptr;
}

}  // namespace mlpc
