#include "frontend/reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <regex>

#include "diag/messages.h"
#include "support/numbers.h"
#include "support/spell.h"

namespace mlpc {

std::string DirOf(const SourceManager& sm, FileId file) {
  const std::string& p = sm.Path(file);
  if (p.empty() || p == "-" || p == "<stdin>") return "";
  return std::filesystem::path(p).parent_path().string();
}

const std::string& RealPathOf(FrontendContext& ctx, FileId file) {
  auto it = ctx.real_paths.find(file);
  if (it != ctx.real_paths.end()) return it->second;
  std::error_code ec;
  const std::string& p = ctx.sm.Path(file);
  std::filesystem::path c = std::filesystem::weakly_canonical(p, ec);
  return ctx.real_paths[file] = ec ? p : c.string();
}

namespace {

// strerror as a message reads: lower-case.
std::string Reason(int error) {
  std::string s = std::strerror(error);
  if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

}  // namespace

std::optional<NamedFile> ResolveNamed(FrontendContext& ctx, FileId from, const std::string& written, SourceSpan where) {
  // A chain of files each naming the next recurses once a file: bounded like YAML nesting,
  // so that thousands of committed files cannot overflow the stack.
  if (ctx.stack.size() >= ctx.limits.max_depth) {
    // No error test: a chain of files nested past --max-depth: security/file-kinds (450 files).
    ctx.sink.Report(where, diag::FileNestingTooDeep{
                               .file = Elide(written), .depth = ctx.stack.size() + 1, .limit = ctx.limits.max_depth});
    return std::nullopt;
  }
  std::string dir = DirOf(ctx.sm, from);
  if (ctx.root.empty()) ctx.root = FindRoot(dir);
  // Checked before anything is opened, and the message holds only the path as written:
  // the spec may come from anyone who can open a pull request.
  Confined c = Confine(ctx.root, dir, written);
  if (!c.problem.empty()) {
    ctx.sink.Report(where, diag::PathOutsideRoot{.file = Elide(written), .problem = c.problem, .root = ctx.root});
    return std::nullopt;
  }
  NamedFile f;
  f.path = dir.empty() ? written : (std::filesystem::path(dir) / written).lexically_normal().string();
  if (c.real.empty()) {
    ctx.sink.Report(where, diag::FileUnreadable{.file = Elide(f.path), .reason = Reason(c.error)});
    return std::nullopt;
  }
  f.real = std::move(c.real);
  f.id = c.id;
  return f;
}

std::string CycleChain(const FrontendContext& ctx, const std::string& real) {
  auto it = std::find(ctx.stack.begin(), ctx.stack.end(), real);
  if (it == ctx.stack.end()) return "";
  auto shown = [&ctx](const std::string& p) {
    std::filesystem::path rel = std::filesystem::path(p).lexically_relative(ctx.root);
    return "`" + (rel.empty() ? p : rel.string()) + "`";
  };
  std::string out;
  for (; it != ctx.stack.end(); ++it) out += shown(*it) + " -> ";
  return out + shown(real);
}

namespace {

// Charges one naming of a file whose tree is `root` to the spec's budget.
bool Charge(FrontendContext& ctx, const YNode& root, const NamedFile& file, SourceSpan where) {
  if (ctx.over_budget) return false;
  auto add = [](size_t a, size_t b) { return a > SIZE_MAX - b ? SIZE_MAX : a + b; };
  ctx.added_nodes = add(ctx.added_nodes, root.expanded_size);
  ctx.added_bytes = add(ctx.added_bytes, root.expanded_bytes);
  bool nodes = ctx.added_nodes > ctx.limits.max_nodes;
  if (!nodes && ctx.added_bytes <= ctx.max_file_size) return true;
  ctx.over_budget = true;
  ctx.sink.Report(where, diag::FilesOverBudget{.file = Elide(file.path),
                                               .limit = nodes ? ctx.limits.max_nodes : ctx.max_file_size,
                                               .unit = nodes ? "nodes" : "bytes"});
  return false;
}

}  // namespace

const YNode* LoadFile(FrontendContext& ctx, const NamedFile& file, SourceSpan where) {
  if (ctx.over_budget) return nullptr;
  auto it = ctx.loaded.find(file.real);
  if (it != ctx.loaded.end()) return it->second && Charge(ctx, *it->second, file, where) ? it->second : nullptr;
  ReadResult r = ReadRegularFile(file.real, ctx.max_file_size, &file.id);
  std::string shown = Elide(file.path);
  switch (r.status) {
    case ReadStatus::Ok:
      break;
    case ReadStatus::NotRegular:
      ctx.sink.Report(where, diag::NotARegularFile{.file = shown, .kind = r.kind});
      return nullptr;
    case ReadStatus::TooLarge:
      if (r.size)
        // No error test: an imported file past --max-file-size: security/file-kinds.
        ctx.sink.Report(where, diag::ImportTooLarge{.file = shown, .size = r.size, .limit = ctx.max_file_size});
      else
        // No error test: an imported file past --max-file-size: security/file-kinds.
        ctx.sink.Report(where, diag::ImportTooLargeUnsized{.file = shown, .limit = ctx.max_file_size});
      return nullptr;
    case ReadStatus::Changed:
      // No error test: a file that changes between open and read: a race, not reproducible from a spec.
      ctx.sink.Report(where, diag::FileUnreadable{.file = shown, .reason = "it changed while it was opened"});
      return nullptr;
    case ReadStatus::CannotOpen:
    case ReadStatus::ReadFailed:
      // No error test: a file that cannot be opened or read (permissions, EIO): the suite runs as root.
      ctx.sink.Report(where, diag::FileUnreadable{.file = shown, .reason = Reason(r.error)});
      return nullptr;
  }
  FileId id = ctx.sm.Add(file.path, std::move(r.text));
  ctx.real_paths[id] = file.real;
  ctx.docs.push_back(LoadYaml(ctx.sm, id, ctx.sink, ctx.limits));
  const YNode* root = ctx.docs.back().root;
  ctx.loaded[file.real] = root;
  return root && Charge(ctx, *root, file, where) ? root : nullptr;
}

Fields::Fields(const YNode& map, std::string_view what, std::initializer_list<std::string_view> allowed, DiagSink& sink)
    : map_(map), what_(what), sink_(sink) {
  std::vector<std::string> names(allowed.begin(), allowed.end());
  for (const auto& [k, v] : map.entries) {
    bool known = false;
    for (std::string_view a : allowed) known = known || a == k->value;
    if (!known) {
      sink.Report(k->span, diag::UnknownKey{.key = k->value, .what = what, .suggestion = DidYouMean(k->value, names)});
    }
  }
}

const YNode* Fields::Require(std::string_view key) {
  const YNode* n = map_.Get(key);
  if (!n) sink_.Report(map_.span, diag::MissingKey{.what = what_, .key = key});
  return n;
}

bool ExpectKind(const YNode& n, YNode::Kind kind, std::string_view what, DiagSink& sink) {
  if (n.kind == kind) return true;
  YNode want;
  want.kind = kind;
  sink.Report(n.span, diag::WrongKind{.what = what, .want = KindName(want), .got = KindName(n)});
  return false;
}

std::optional<std::string> ScalarString(const YNode& n, std::string_view what, DiagSink& sink) {
  if (!n.IsScalar()) {
    sink.Report(n.span, diag::WrongKind{.what = what, .want = "string", .got = KindName(n)});
    return std::nullopt;
  }
  return n.value;
}

std::optional<Spanned<std::string>> SpannedString(const YNode* n, std::string_view what, DiagSink& sink) {
  if (!n) return std::nullopt;
  auto s = ScalarString(*n, what, sink);
  if (!s) return std::nullopt;
  return Spanned<std::string>{*s, n->span};
}

namespace {

// How a wrong scalar is named in messages: quoted values are strings, whatever they hold.
std::string Shown(const YNode& n) {
  if (!n.IsScalar()) return std::string(KindName(n));
  return n.plain ? "`" + Elide(n.value) + "`" : "the string `\"" + Elide(n.value) + "\"`";
}

std::string QuoteHint(const YNode& n) { return n.IsScalar() && !n.plain ? "remove the quotes" : ""; }

}  // namespace

// A float of the YAML 1.2 core schema, as ToJson reads plain scalars.
static const std::regex& CoreFloat() {
  static const std::regex kFloat("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  return kFloat;
}

std::optional<int64_t> ScalarInt(const YNode& n, std::string_view what, DiagSink& sink) {
  static const std::regex kInt("[-+]?[0-9]+");
  if (n.IsScalar() && n.plain && n.value.size() < 64 && std::regex_match(n.value, kInt)) {
    if (auto v = ParseInt64(n.value)) return *v;
    sink.Report(n.span, diag::IntegerOutOfRange{.what = what, .value = Elide(n.value)});
    return std::nullopt;
  }
  sink.Report(n.span, diag::NotAnInteger{.what = what, .shown = Shown(n), .fix = QuoteHint(n)});
  return std::nullopt;
}

std::optional<double> ScalarNumber(const YNode& n, std::string_view what, DiagSink& sink) {
  if (n.IsScalar() && n.plain && n.value.size() < 64 && std::regex_match(n.value, CoreFloat())) {
    if (auto v = ParseFiniteDouble(n.value)) return *v;
    sink.Report(n.span, diag::NumberOutOfRange{.what = what, .value = Elide(n.value)});
    return std::nullopt;
  }
  sink.Report(n.span, diag::NotANumber{.what = what, .shown = Shown(n), .fix = QuoteHint(n)});
  return std::nullopt;
}

std::optional<bool> ScalarBool(const YNode& n, std::string_view what, DiagSink& sink) {
  if (n.IsScalar() && n.plain && (n.value == "true" || n.value == "false")) return n.value == "true";
  sink.Report(n.span, diag::NotABool{.what = what, .shown = Shown(n), .fix = QuoteHint(n)});
  return std::nullopt;
}

std::optional<int64_t> Duration(const YNode& n, std::string_view what, DiagSink& sink, bool allow_zero) {
  static const std::regex kDur("([0-9]+(s|m|h|d))+");
  if (n.IsScalar() && n.value.size() < 20 && std::regex_match(n.value, kDur)) {
    // 19 characters of days pass int64, so every step is checked.
    int64_t total = 0, num = 0;
    bool overflow = false;
    for (char c : n.value) {
      if (c >= '0' && c <= '9') {
        num = num * 10 + (c - '0');
        continue;
      }
      int64_t unit = c == 's' ? 1 : c == 'm' ? 60 : c == 'h' ? 3600 : 86400, part = 0;
      overflow |= __builtin_mul_overflow(num, unit, &part) || __builtin_add_overflow(total, part, &total);
      num = 0;
    }
    // A hundred years is longer than any engine waits; beyond it a duration is a typo.
    constexpr int64_t kLongest = int64_t{100} * 365 * 86400;
    if (overflow || total > kLongest) {
      sink.Report(n.span, diag::DurationTooLong{.what = what, .value = n.value});
      return std::nullopt;
    }
    if (total > 0 || allow_zero) return total;
    sink.Report(n.span, diag::DurationZero{.what = what});
    return std::nullopt;
  }
  sink.Report(n.span,
              diag::NotADuration{.what = what, .value = n.IsScalar() ? Elide(n.value) : std::string(KindName(n))});
  return std::nullopt;
}

std::optional<Spanned<std::string>> Quantity(const YNode& n, std::string_view what, DiagSink& sink) {
  static const std::regex kQty("([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|e[0-9]+)?");
  if (n.IsScalar() && n.value.size() < 40 && std::regex_match(n.value, kQty))
    return Spanned<std::string>{n.value, n.span};
  sink.Report(n.span,
              diag::NotAQuantity{.what = what, .value = n.IsScalar() ? Elide(n.value) : std::string(KindName(n))});
  return std::nullopt;
}

std::optional<std::string> Choice(const YNode& n, std::string_view what,
                                  std::initializer_list<std::string_view> choices, DiagSink& sink) {
  std::vector<std::string> names(choices.begin(), choices.end());
  if (n.IsScalar()) {
    for (std::string_view c : choices)
      if (c == n.value) return n.value;
  }
  std::string list;
  for (size_t i = 0; i < names.size(); ++i) list += (i ? ", " : "") + ("`" + names[i] + "`");
  sink.Report(n.span, diag::NotAChoice{.what = what,
                                       .choices = list,
                                       .value = n.IsScalar() ? Elide(n.value) : std::string(KindName(n)),
                                       .suggestion = n.IsScalar() ? DidYouMean(n.value, names) : ""});
  return std::nullopt;
}

ast::json ToJson(const YNode& n) {
  switch (n.kind) {
    case YNode::Kind::Null:
      return nullptr;
    case YNode::Kind::Seq: {
      ast::json a = ast::json::array();
      for (const YNode* i : n.items) a.push_back(ToJson(*i));
      return a;
    }
    case YNode::Kind::Map: {
      ast::json o = ast::json::object();
      for (const auto& [k, v] : n.entries) o[k->value] = ToJson(*v);
      return o;
    }
    case YNode::Kind::Scalar:
      break;
  }
  if (!n.plain) return n.value;
  static const std::regex kInt("[-+]?[0-9]+");
  const std::regex& kFloat = CoreFloat();
  const std::string& v = n.value;
  if (v == "true") return true;
  if (v == "false") return false;
  if (v == "null" || v == "~") return nullptr;
  // The bounds keep std::regex's recursion short; longer digit strings are strings.
  if (v.size() < 64 && std::regex_match(v, kInt)) {
    if (auto i = ParseInt64(v)) return *i;
  }
  if (v.size() < 64 && std::regex_match(v, kFloat)) {
    if (auto d = ParseFiniteDouble(v)) return *d;
  }
  return v;
}

std::optional<ast::Template> ParseTemplateNode(const YNode& n, std::string_view what, DiagSink& sink) {
  if (!n.IsScalar()) {
    sink.Report(n.span, diag::WrongKind{.what = what, .want = "string", .got = KindName(n)});
    return std::nullopt;
  }
  ast::Template t;
  t.span = n.span;
  t.quoted = !n.plain;
  SpanAt at = [&n](size_t off, size_t len) { return n.ValueSpan(off, len); };
  if (!ParseTemplate(n.value, at, sink, t.pieces)) return std::nullopt;
  return t;
}

static bool OutOfRangeNumber(const YNode& n) {
  return n.IsScalar() && n.plain && n.value.size() < 64 && std::regex_match(n.value, CoreFloat()) &&
         !ParseFiniteDouble(n.value);
}

ast::json LiteralJson(const YNode& n, std::string_view what, DiagSink& sink, bool& ok) {
  switch (n.kind) {
    case YNode::Kind::Seq: {
      ast::json a = ast::json::array();
      for (const YNode* i : n.items) a.push_back(LiteralJson(*i, what, sink, ok));
      return a;
    }
    case YNode::Kind::Map: {
      ast::json o = ast::json::object();
      for (const auto& [k, v] : n.entries) {
        ast::json key = LiteralJson(*k, what, sink, ok);
        o[key.is_string() ? key.get<std::string>() : k->value] = LiteralJson(*v, what, sink, ok);
      }
      return o;
    }
    default:
      break;
  }
  ast::json j = ToJson(n);
  if (!j.is_string() || n.value.find("${{") == std::string::npos) return j;
  // A bare `${{` is always a reference (docs/spec.md, section 6); inside a list or map
  // literal there is nothing to substitute it, so it is refused where it stands, and
  // `$${{` is unescaped as in any string.
  std::vector<Piece> pieces;
  SpanAt at = [&n](size_t off, size_t len) { return n.ValueSpan(off, len); };
  if (!ParseTemplate(n.value, at, sink, pieces)) {
    ok = false;
    return j;
  }
  std::string text;
  for (const Piece& p : pieces) {
    if (p.expr) {
      sink.Report(p.span, diag::ReferenceInCollection{.what = what});
      ok = false;
    }
    text += p.text;
  }
  return text;
}

std::optional<ast::Value> ParseValue(const YNode& n, std::string_view what, DiagSink& sink) {
  ast::Value v;
  v.span = n.span;
  if (OutOfRangeNumber(n)) {
    sink.Report(n.span, diag::ValueOutOfRange{.what = what, .value = Elide(n.value)});
    return std::nullopt;
  }
  bool has_ref = n.IsScalar() && n.value.find("${{") != std::string::npos;
  if (n.IsScalar() && (!n.plain || has_ref || ToJson(n).is_string())) {
    auto t = ParseTemplateNode(n, what, sink);
    if (!t) return std::nullopt;
    bool refs = false;
    for (const Piece& p : t->pieces) refs = refs || p.expr != nullptr;
    if (refs) {
      v.text = std::move(*t);
      return v;
    }
    // A string without references is a literal (with `$${{` unescaped).
    std::string s;
    for (const Piece& p : t->pieces) s += p.text;
    v.is_literal = true;
    v.literal = s;
    v.text = std::move(*t);
    return v;
  }
  v.is_literal = true;
  bool ok = true;
  v.literal = LiteralJson(n, what, sink, ok);
  if (!ok) return std::nullopt;
  return v;
}

namespace {

bool AlphaNum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// A qualified name's name part, and a label value when not empty:
// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9], at most 63 characters.
std::string LabelNameProblem(std::string_view s) {
  if (s.size() > 63) return fmt::format("has {} characters; at most 63 fit", s.size());
  if (s.empty()) return "is empty";  // a key or a name after `/`; empty values are allowed
  if (!AlphaNum(s.front()) || !AlphaNum(s.back())) return "must start and end with a letter or digit";
  for (char c : s)
    if (!AlphaNum(c) && c != '-' && c != '_' && c != '.') return "may hold only letters, digits, `-`, `_` and `.`";
  return "";
}

// A DNS subdomain: lower-case letters, digits, `-` and `.`, each dot-separated part
// starting and ending with a letter or digit, at most 253 characters.
std::string PrefixProblem(std::string_view s) {
  if (s.size() > 253) return fmt::format("has {} characters; at most 253 fit", s.size());
  size_t begin = 0;
  while (begin <= s.size()) {
    size_t end = std::min(s.find('.', begin), s.size());
    std::string_view part = s.substr(begin, end - begin);
    auto lower_alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (part.empty() || !lower_alnum(part.front()) || !lower_alnum(part.back())) {
      return "must be a DNS name: lower-case parts separated by dots, each starting and ending with a letter or digit";
    }
    for (char c : part)
      if (!lower_alnum(c) && c != '-') return "may hold only lower-case letters, digits, `-` and `.`";
    begin = end + 1;
  }
  return "";
}

}  // namespace

std::optional<ast::StringMap> ParseMetadataMap(const YNode& n, std::string_view what, MetadataValues values,
                                               DiagSink& sink) {
  auto map = ParseStringMap(n, what, sink);
  if (!map) return map;
  for (const auto& [key, value] : *map) {
    std::string_view k = key.value;
    size_t slash = k.find('/');
    std::string problem;
    if (slash != std::string_view::npos) {
      if (k.find('/', slash + 1) != std::string_view::npos) {
        problem = "has more than one `/`";
      } else if (std::string p = PrefixProblem(k.substr(0, slash)); !p.empty()) {
        problem = "has a prefix that " + p;
      } else if (std::string q = LabelNameProblem(k.substr(slash + 1)); !q.empty()) {
        problem = "has a name after `/` that " + q;
      }
    } else {
      problem = LabelNameProblem(k);
    }
    if (!problem.empty())
      sink.Report(key.span, diag::InvalidLabelKey{.key = Elide(key.value), .what = what, .problem = problem});
    if (values == MetadataValues::Label && !value.value.empty()) {
      if (std::string p = LabelNameProblem(value.value); !p.empty())
        sink.Report(value.span, diag::InvalidLabelValue{
                                    .value = Elide(value.value), .key = Elide(key.value), .what = what, .problem = p});
    }
  }
  return map;
}

std::optional<ast::StringMap> ParseStringMap(const YNode& n, std::string_view what, DiagSink& sink) {
  if (!ExpectKind(n, YNode::Kind::Map, what, sink)) return std::nullopt;
  ast::StringMap out;
  for (const auto& [k, v] : n.entries) {
    if (!v->IsScalar()) {
      sink.Report(v->span, diag::WrongKindInMap{.key = k->value, .what = what, .got = KindName(*v)});
      continue;
    }
    out.emplace_back(Spanned<std::string>{k->value, k->span}, Spanned<std::string>{v->value, v->span});
  }
  return out;
}

}  // namespace mlpc
