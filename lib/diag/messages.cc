// The message kinds of messages.def: their table, and each kind's Text() and Hint(), which
// fill its templates with its arguments by name. The templates are checked against the
// argument names at compile time: every `{name}` is an argument, and every argument is
// used.
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

// Adds the names of `text`'s replacement fields to `used`; false unless each is
// `{name}` of one of `names`. `{{` and `}}` are literal braces.
constexpr bool FieldsOf(std::string_view text, std::string_view names, std::string_view (&used)[16], size_t& count) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '}') {
      if (i + 1 >= text.size() || text[i + 1] != '}') return false;
      ++i;
      continue;
    }
    if (text[i] != '{') continue;
    if (i + 1 < text.size() && text[i + 1] == '{') {
      ++i;
      continue;
    }
    size_t close = text.find('}', i);
    if (close == std::string_view::npos) return false;
    std::string_view name = text.substr(i + 1, close - i - 1);
    if (!HasName(names, name) || count == 16) return false;
    used[count++] = name;
    i = close;
  }
  return true;
}

// The fields of the message and the hint are arguments, and each argument is used.
constexpr bool TemplatesFit(std::string_view message, std::string_view hint, std::string_view names) {
  std::string_view used[16];
  size_t count = 0;
  if (!FieldsOf(message, names, used, count) || !FieldsOf(hint, names, used, count)) return false;
  while (!names.empty()) {
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
#define K(id, kind, code, message, hint, args)                 \
  static_assert(TemplatesFit(message, hint, ArgList("" args)), \
                "messages.def: the templates of " kind " and its arguments differ");
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
