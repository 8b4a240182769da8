#include "backends/serialize.h"

#include <algorithm>
#include <cctype>

namespace mlpc {

namespace {

bool Digit(char c) { return c >= '0' && c <= '9'; }

// A cursor over a candidate scalar for NeedsQuotes' YAML 1.1 forms: each Match* takes
// the whole text or nothing.
struct Cursor {
  std::string_view s;
  size_t i = 0;
  bool End() const { return i == s.size(); }
  char Peek(size_t ahead = 0) const { return i + ahead < s.size() ? s[i + ahead] : '\0'; }
  bool Eat(char c) {
    if (Peek() != c || End()) return false;
    ++i;
    return true;
  }
  void Sign() {
    if (Peek() == '-' || Peek() == '+') ++i;
  }
  // One or more characters of `set` (or '_'); returns how many.
  size_t Run(std::string_view set) {
    size_t start = i;
    while (!End() && (set.find(s[i]) != std::string_view::npos)) ++i;
    return i - start;
  }
};

constexpr std::string_view kDigits_ = "0123456789_";

// [-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?
bool MatchNumber(std::string_view s) {
  Cursor c{s};
  c.Sign();
  if (c.Eat('.')) {
    if (c.Run("0123456789") == 0) return false;
  } else {
    if (!Digit(c.Peek())) return false;
    c.Run(kDigits_);
    if (c.Eat('.')) c.Run(kDigits_);
  }
  if (c.Peek() == 'e' || c.Peek() == 'E') {
    ++c.i;
    c.Sign();
    if (c.Run("0123456789") == 0) return false;
  }
  return c.End();
}

// [-+]?0x[0-9a-fA-F_]+ | [-+]?0o?[0-7_]+ | [-+]?0b[01_]+
bool MatchRadix(std::string_view s) {
  Cursor c{s};
  c.Sign();
  if (!c.Eat('0')) return false;
  if (c.Eat('x')) return c.Run("0123456789abcdefABCDEF_") > 0 && c.End();
  if (c.Peek() == 'b') {
    Cursor b = c;
    ++b.i;
    if (b.Run("01_") > 0 && b.End()) return true;
  }
  c.Eat('o');
  return c.Run("01234567_") > 0 && c.End();
}

// [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?   (YAML 1.1 sexagesimal)
bool MatchSexagesimal(std::string_view s) {
  Cursor c{s};
  c.Sign();
  if (!Digit(c.Peek())) return false;
  c.Run(kDigits_);
  size_t groups = 0;
  while (c.Eat(':')) {
    if (c.Peek() >= '0' && c.Peek() <= '5' && Digit(c.Peek(1))) {
      c.i += 2;
    } else if (Digit(c.Peek())) {
      c.i += 1;
    } else {
      return false;
    }
    ++groups;
  }
  if (groups == 0) return false;
  if (c.Eat('.')) c.Run(kDigits_);
  return c.End();
}

// [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?   (`.` stops at line breaks)
bool MatchTimestamp(std::string_view s) {
  Cursor c{s};
  for (int k = 0; k < 4; ++k, ++c.i)
    if (!Digit(c.Peek())) return false;
  for (int part = 0; part < 2; ++part) {
    if (!c.Eat('-') || !Digit(c.Peek())) return false;
    c.i += Digit(c.Peek(1)) ? 2 : 1;
  }
  if (c.End()) return true;
  char t = c.Peek();
  if (t != 'T' && t != 't' && t != ' ') return false;
  return s.find_first_of("\n\r", c.i) == std::string_view::npos;
}

bool IsWord(std::string_view s) {
  static constexpr std::string_view kWords[] = {
      "y",  "Y",  "yes", "Yes", "YES", "n",     "N",     "no",    "No",   "NO",   "true", "True",
      "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "null", "Null",
      "NULL", "~", "=", "<<", ".nan", ".NaN", ".NAN"};
  for (std::string_view w : kWords)
    if (s == w) return true;
  std::string_view inf = s;
  if (!inf.empty() && (inf[0] == '-' || inf[0] == '+')) inf.remove_prefix(1);
  return inf == ".inf" || inf == ".Inf" || inf == ".INF";
}

}  // namespace

bool NeedsQuotes(const std::string& s) {
  if (s.empty()) return true;
  if (s.front() == ' ' || s.back() == ' ' || s.front() == '\t' || s.back() == '\t') return true;
  if (s.size() > 40) {
    // Past the length of every word form, only numbers and timestamps remain.
    bool numeric = s.find_first_not_of("0123456789+-._:eE") == std::string::npos;
    bool dated = s.size() >= 10 && std::isdigit(static_cast<unsigned char>(s[0])) &&
                 s.find_first_not_of("0123456789-") >= 8 && s[4] == '-';
    return numeric || dated;
  }
  // YAML 1.1 (what Kubernetes' go-yaml reads) booleans, nulls, numbers, timestamps.
  return IsWord(s) || MatchNumber(s) || MatchRadix(s) || MatchSexagesimal(s) || MatchTimestamp(s);
}

namespace {

bool Multiline(const std::string& s) { return s.find('\n') != std::string::npos; }

// A literal block keeps the text exactly only when no line has trailing blanks, the
// first line does not start with a blank, and there are no carriage returns, tabs or
// other controls (DEL included: YAML readers refuse it raw).
// `|` (clip) restores exactly one final newline, so the text must end in exactly one.
bool LiteralSafe(const std::string& s) {
  if (s.empty() || s.front() == ' ' || s.front() == '\n') return false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '\n' && i > 0 && s[i - 1] == ' ') return false;
    if ((c < 0x20 && c != '\n') || c == 0x7F) return false;
  }
  if (s.back() != '\n') return false;
  if (s.size() >= 2 && s[s.size() - 2] == '\n') return false;
  return s[s.size() - 2] != ' ';
}

bool HasControl(const std::string& s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return true;
  return false;
}

// The byte length of the character at s[i] when YAML 1.1 readers (Kubernetes' go-yaml,
// PyYAML) take it as a line break (NEL, U+2028, U+2029) or refuse it unescaped (the C1
// controls, the BOM, U+FFFE and U+FFFF); 0 for any other character.
size_t Yaml11HazardAt(std::string_view s, size_t i) {
  if (i + 1 >= s.size()) return 0;
  unsigned char a = static_cast<unsigned char>(s[i]), b = static_cast<unsigned char>(s[i + 1]);
  if (a == 0xC2 && b >= 0x80 && b <= 0x9F) return 2;
  if (i + 2 >= s.size()) return 0;
  unsigned char c = static_cast<unsigned char>(s[i + 2]);
  if (a == 0xE2 && b == 0x80 && (c == 0xA8 || c == 0xA9)) return 3;
  if (a == 0xEF && b == 0xBB && c == 0xBF) return 3;
  if (a == 0xEF && b == 0xBF && (c == 0xBE || c == 0xBF)) return 3;
  return 0;
}

// A text with such a character is written double-quoted with every non-ASCII character
// escaped, so it reads back unchanged.
bool HasYaml11Hazard(const std::string& s) {
  for (size_t i = 0; i + 1 < s.size(); ++i)
    if (static_cast<unsigned char>(s[i]) >= 0xC2 && Yaml11HazardAt(s, i) != 0) return true;
  return false;
}

// Whether a YAML reader takes `s`, written bare, back as exactly this string. The caller
// has already quoted empty text, edge blanks, controls and YAML 1.1 look-alikes; what is
// left are YAML's indicators: a leading one, a document marker, `: ` and ` #` anywhere,
// and in a flow list the flow punctuation.
bool PlainOk(std::string_view s, bool flow) {
  if (s.empty() || s.back() == ' ') return false;
  char first = s[0];
  std::string_view starts = flow ? "?,[]{}#&*!|>'\"%@`" : ",[]{}#&*!|>'\"%@`";
  if (starts.find(first) != std::string_view::npos) return false;
  // `---` and `...` at the start of a line end the document, whatever follows: a key
  // at the top level stands there.
  if (s.substr(0, 3) == "---" || s.substr(0, 3) == "...") return false;
  std::string_view indicators = flow ? "-:" : "-?:";
  if (indicators.find(first) != std::string_view::npos && (s.size() == 1 || s[1] == ' ')) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    char next = i + 1 < s.size() ? s[i + 1] : '\0';
    bool last = i + 1 == s.size();
    if (c == ':' && (last || next == ' ' || (flow && (next == ',' || next == ']' || next == '}')))) return false;
    if (c == ' ' && next == '#') return false;
    if (flow && (c == ',' || c == '?' || c == '[' || c == ']' || c == '{' || c == '}')) return false;
  }
  return true;
}

// The next code point of UTF-8 text; malformed bytes read as U+FFFD, one at a time.
uint32_t NextCodePoint(std::string_view s, size_t& i) {
  unsigned char lead = static_cast<unsigned char>(s[i]);
  size_t n = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
  if (n == 1) {
    ++i;
    return lead;
  }
  if (n == 0 || i + n > s.size()) {
    ++i;
    return 0xFFFD;
  }
  uint32_t cp = lead & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    unsigned char c = static_cast<unsigned char>(s[i + k]);
    if ((c >> 6) != 0x2) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  i += n;
  return cp;
}

// The escapes YAML's double-quoted style and JSON share.
const char* ShortEscape(uint32_t c) {
  switch (c) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '\n': return "\\n";
    case '\t': return "\\t";
    case '\r': return "\\r";
    case '\b': return "\\b";
    case '\f': return "\\f";
    default: return nullptr;
  }
}

void AppendEscape(std::string& out, uint32_t cp) {
  static constexpr char kHex[] = "0123456789abcdef";
  int digits = cp < 0xFF ? 2 : cp < 0xFFFF ? 4 : 8;
  out += '\\';
  out += digits == 2 ? 'x' : digits == 4 ? 'u' : 'U';
  for (int d = digits - 1; d >= 0; --d) out += kHex[(cp >> (4 * d)) & 0xF];
}

// YAML double-quoted form: the short escapes, \xNN for other controls, DEL, the Latin-1
// controls and no-break space, every non-ASCII character escaped when `ascii`.
void AppendDoubleQuoted(std::string& out, std::string_view s, bool ascii) {
  out += '"';
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    size_t start = i;
    uint32_t cp = NextCodePoint(s, i);
    if (const char* e = ShortEscape(cp)) {
      out += e;
      continue;
    }
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0xA0) || cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF ||
        (ascii && cp > 0x7E)) {
      AppendEscape(out, cp);
    } else if (cp == 0xFFFD && s.substr(start, 3) != "\xEF\xBF\xBD") {
      out += "\xEF\xBF\xBD";  // a malformed byte
    } else {
      out.append(s.substr(start, i - start));
    }
  }
  out += '"';
}

using Member = Doc::object_t::value_type;

// An object's members in the order they are written.
std::vector<const Member*> MemberOrder(const Doc& d, WriteStyle style) {
  const auto& object = d.get_ref<const Doc::object_t&>();
  std::vector<const Member*> order;
  order.reserve(object.size());
  for (const Member& kv : object) order.push_back(&kv);
  if (style.sorted_keys)
    std::sort(order.begin(), order.end(), [](const Member* a, const Member* b) { return a->first < b->first; });
  return order;
}

// Text in a buffer that goes to the sink, when there is one, each time it passes a
// chunk's size at a safe point (between members and items).
class Buffered {
 public:
  static constexpr size_t kChunk = 64 << 10;
  Buffered(std::string& out, TextSink* sink) : out_(out), sink_(sink) {}

  void Spill() {
    if (!sink_ || out_.size() < kChunk) return;
    last_ = out_.back();
    sink_->Write(out_);
    out_.clear();
  }
  // The last character written, spilled or not ('\0' before any).
  char Last() const { return out_.empty() ? last_ : out_.back(); }

 protected:
  std::string& out_;

 private:
  TextSink* sink_;
  char last_ = '\0';
};

class YamlWriter : public Buffered {
 public:
  YamlWriter(std::string& out, WriteStyle style, TextSink* sink) : Buffered(out, sink), style_(style) {}

  // Ends with a newline, as every line does.
  void Document(const Doc& d) {
    if (d.is_object() && !d.empty()) {
      Map(d, 0, false);
    } else if (d.is_array() && !d.empty() && !IsShortScalarList(d)) {
      Seq(d, 0, false);
    } else {
      Inline(d, 0);
    }
    if (Last() != '\n') out_ += '\n';
  }

 private:
  void Indent(size_t n) { out_.append(n, ' '); }

  // Writes a scalar, a flow list or an empty collection on the current line, or a
  // literal block that starts on it; ends the line.
  void Inline(const Doc& d, size_t indent) {
    switch (d.type()) {
      case Doc::value_t::object: out_ += "{}\n"; return;
      case Doc::value_t::array:
        if (d.empty()) {
          out_ += "[]\n";
          return;
        }
        out_ += '[';
        for (size_t i = 0; i < d.size(); ++i) {
          if (i) out_ += ", ";
          Scalar(d[i], indent, true);
        }
        out_ += "]\n";
        return;
      default:
        Scalar(d, indent, false);
        out_ += '\n';
        return;
    }
  }

  void Scalar(const Doc& d, size_t indent, bool flow) {
    switch (d.type()) {
      case Doc::value_t::string: String(d.get_ref<const std::string&>(), indent, flow); return;
      case Doc::value_t::boolean: out_ += d.get<bool>() ? "true" : "false"; return;
      case Doc::value_t::null: out_ += '~'; return;
      default: out_ += d.dump(); return;  // numbers, as JSON writes them
    }
  }

  void String(const std::string& s, size_t indent, bool flow) {
    if (HasYaml11Hazard(s)) {
      AppendDoubleQuoted(out_, s, true);
    } else if (!flow && Multiline(s) && LiteralSafe(s)) {
      // `|` then the lines at the block's indentation, blank lines left empty; the
      // clip indicator restores the one final newline.
      out_ += '|';
      std::string_view text(s.data(), s.size() - 1);
      for (size_t begin = 0; begin <= text.size();) {
        size_t end = std::min(text.find('\n', begin), text.size());
        out_ += '\n';
        if (end > begin) {
          Indent(indent);
          out_.append(text.substr(begin, end - begin));
        }
        begin = end + 1;
      }
    } else if (NeedsQuotes(s) || HasControl(s) || !PlainOk(s, flow)) {
      AppendDoubleQuoted(out_, s, false);
    } else {
      out_ += s;
    }
  }

  // A key at column `indent`. YAML reads a key written before its `:` only up to 1,024
  // characters; a longer one takes the explicit form, `? key` then `:` below it.
  void Key(const std::string& k, size_t indent) {
    size_t start = out_.size();
    if (HasYaml11Hazard(k)) {
      AppendDoubleQuoted(out_, k, true);
    } else if (NeedsQuotes(k) || HasControl(k) || !PlainOk(k, false)) {
      AppendDoubleQuoted(out_, k, false);
    } else {
      out_ += k;
    }
    if (out_.size() - start > 1024) {
      out_.insert(start, "? ");
      out_ += '\n';
      Indent(indent);
    }
    out_ += ':';
  }

  bool Block(const Doc& d) const {
    return (d.is_object() && !d.empty()) || (d.is_array() && !d.empty() && !IsShortScalarList(d));
  }

  // After a key or a dash: a block collection goes below (or, for a map in a list, on
  // the dash's line); everything else stays on the line.
  void Value(const Doc& d, size_t indent, bool after_dash) {
    if (!Block(d)) {
      if (!after_dash) out_ += ' ';
      Inline(d, indent);
      return;
    }
    if (d.is_object()) {
      if (after_dash) {
        Map(d, indent, true);
      } else {
        out_ += '\n';
        Map(d, indent, false);
      }
    } else {
      out_ += '\n';
      Seq(d, indent, false);
    }
  }

  template <typename F>
  void ForEachMember(const Doc& d, F&& f) {
    for (const auto* kv : MemberOrder(d, style_)) f(kv->first, kv->second);
  }

  // `first_inline`: the first key continues the line of a list dash.
  void Map(const Doc& d, size_t indent, bool first_inline) {
    bool first = true;
    ForEachMember(d, [&](const std::string& k, const Doc& v) {
      if (!(first && first_inline)) Indent(indent);
      first = false;
      Key(k, indent);
      Value(v, indent + 2, false);
      Spill();
    });
  }

  void Seq(const Doc& d, size_t indent, bool first_inline) {
    bool first = true;
    for (const Doc& item : d) {
      if (!(first && first_inline)) Indent(indent);
      first = false;
      out_ += '-';
      if (item.is_object() && !item.empty()) {
        out_ += ' ';
        Value(item, indent + 2, true);
      } else if (Block(item)) {
        out_ += '\n';
        Seq(item, indent + 2, false);
      } else {
        out_ += ' ';
        Inline(item, indent + 2);
      }
      Spill();
    }
  }

  // A list of short one-line scalars reads best on one line: `[a, b]`.
  static bool IsShortScalarList(const Doc& d) {
    if (!d.is_array() || d.empty()) return false;
    size_t len = 0;
    for (const Doc& i : d) {
      if (i.is_structured()) return false;
      if (i.is_string()) {
        const std::string& s = i.get_ref<const std::string&>();
        if (Multiline(s) || HasControl(s) || HasYaml11Hazard(s)) return false;
        len += s.size() + 2;
      } else {
        len += i.dump().size() + 2;
      }
      if (len > 60) return false;
    }
    return true;
  }

  WriteStyle style_;
};

// nlohmann's string escaping for dump(): the short escapes, \u00xx for other controls,
// everything else as is; except that DEL and the characters YAML 1.1 readers refuse or
// fold (Yaml11HazardAt) are \u escapes too, which JSON allows raw: JSON is also read by
// YAML loaders (KFP tools load packages that way), and both readers must get the same text.
void AppendJsonString(std::string& out, const std::string& s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  size_t run = 0;  // start of the pending run of characters that need no escape
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') continue;
    size_t n = c >= 0xC2 ? Yaml11HazardAt(s, i) : 0;
    if (c >= 0x80 && n == 0) continue;
    out.append(s, run, i - run);
    uint32_t cp = c;
    if (n != 0) {
      size_t at = i;
      cp = NextCodePoint(s, at);
      i += n - 1;
    }
    run = i + 1;
    if (const char* e = ShortEscape(cp)) {
      out += e;
    } else {
      out += "\\u";
      for (int d = 3; d >= 0; --d) out += kHex[(cp >> (4 * d)) & 0xF];
    }
  }
  out.append(s, run, s.size() - run);
  out += '"';
}

class JsonWriter : public Buffered {
 public:
  JsonWriter(std::string& out, WriteStyle style, bool pretty, TextSink* sink)
      : Buffered(out, sink), style_(style), pretty_(pretty) {}

  void Value(const Doc& d, size_t indent) {
    switch (d.type()) {
      case Doc::value_t::object: Object(d, indent); return;
      case Doc::value_t::array: Array(d, indent); return;
      case Doc::value_t::string: AppendJsonString(out_, d.get_ref<const std::string&>()); return;
      case Doc::value_t::boolean: out_ += d.get<bool>() ? "true" : "false"; return;
      case Doc::value_t::null: out_ += "null"; return;
      default: out_ += d.dump(); return;
    }
  }

 private:
  void Break(size_t indent) {
    if (!pretty_) return;
    out_ += '\n';
    out_.append(indent, ' ');
  }

  void Object(const Doc& d, size_t indent) {
    if (d.empty()) {
      out_ += "{}";
      return;
    }
    std::vector<const Member*> order = MemberOrder(d, style_);
    out_ += '{';
    for (size_t i = 0; i < order.size(); ++i) {
      if (i) out_ += ',';
      Break(indent + 2);
      AppendJsonString(out_, order[i]->first);
      out_ += pretty_ ? ": " : ":";
      Value(order[i]->second, indent + 2);
      Spill();
    }
    Break(indent);
    out_ += '}';
  }

  void Array(const Doc& d, size_t indent) {
    if (d.empty()) {
      out_ += "[]";
      return;
    }
    out_ += '[';
    for (size_t i = 0; i < d.size(); ++i) {
      if (i) out_ += ',';
      Break(indent + 2);
      Value(d[i], indent + 2);
      Spill();
    }
    Break(indent);
    out_ += ']';
  }

  WriteStyle style_;
  bool pretty_;
};

}  // namespace

bool Identical(const Doc& a, const Doc& b) {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case Doc::value_t::object: {
      const auto& x = a.get_ref<const Doc::object_t&>();
      const auto& y = b.get_ref<const Doc::object_t&>();
      return std::equal(x.begin(), x.end(), y.begin(), y.end(), [](const Member& m, const Member& n) {
        return m.first == n.first && Identical(m.second, n.second);
      });
    }
    case Doc::value_t::array: {
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i)
        if (!Identical(a[i], b[i])) return false;
      return true;
    }
    default: return a == b;
  }
}

Doc SortKeys(Doc d) {
  if (d.is_array()) {
    for (Doc& x : d) x = SortKeys(std::move(x));
    return d;
  }
  if (!d.is_object()) return d;
  auto& object = d.get_ref<Doc::object_t&>();
  Members members;
  members.reserve(object.size());
  for (auto& kv : object) members.emplace_back(kv.first, SortKeys(std::move(kv.second)));
  return ObjectOf(std::move(members));
}

Doc ObjectOf(Members members) {
  std::sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return ObjectInOrder(std::move(members));
}

Doc ObjectInOrder(Members members) {
  Doc out = Doc::object();
  auto& object = out.get_ref<Doc::object_t&>();
  object.reserve(members.size());
  for (auto& [k, v] : members) object.emplace_back(std::move(k), std::move(v));
  return out;
}

Doc StringObject(const std::vector<std::pair<std::string, std::string>>& map) {
  Doc out = Doc::object();
  auto& object = out.get_ref<Doc::object_t&>();
  object.reserve(map.size());
  for (const auto& [k, v] : map) object.emplace_back(k, v);
  return out;
}

Doc& ObjectBuilder::operator[](const std::string& key) {
  // A few members are searched; past that, looked up by key.
  constexpr size_t kSearched = 8;
  if (members_.size() <= kSearched) {
    for (const auto& m : members_)
      if (m->first == key) return m->second;
  } else if (auto it = index_.find(key); it != index_.end()) {
    return members_[it->second]->second;
  }
  members_.push_back(std::make_unique<std::pair<std::string, Doc>>(key, Doc()));
  if (members_.size() == kSearched + 1)
    for (size_t i = 0; i < members_.size(); ++i) index_.emplace(members_[i]->first, i);
  else if (members_.size() > kSearched + 1)
    index_.emplace(key, members_.size() - 1);
  return members_.back()->second;
}

Doc ObjectBuilder::ToDoc() const {
  Doc out = Doc::object();
  auto& object = out.get_ref<Doc::object_t&>();
  object.reserve(members_.size());
  for (const auto& m : members_) object.emplace_back(m->first, m->second);
  return out;
}

Doc ObjectBuilder::TakeDoc() {
  Doc out = Doc::object();
  auto& object = out.get_ref<Doc::object_t&>();
  object.reserve(members_.size());
  for (auto& m : members_) {
    object.emplace_back(std::move(m->first), std::move(m->second));
    m.reset();  // each member freed as it moves
  }
  members_.clear();
  index_.clear();
  return out;
}

void WriteYaml(TextSink& sink, const std::vector<Doc>& docs, WriteStyle style) {
  std::string buf;
  for (size_t i = 0; i < docs.size(); ++i) {
    if (i) buf += "---\n";
    YamlWriter(buf, style, &sink).Document(docs[i]);
  }
  if (!buf.empty()) sink.Write(buf);
}

void WriteJson(TextSink& sink, const Doc& doc, WriteStyle style) {
  std::string buf;
  JsonWriter(buf, style, true, &sink).Value(doc, 0);
  buf += '\n';
  sink.Write(buf);
}

void AppendYaml(std::string& out, const Doc& doc, WriteStyle style) { YamlWriter(out, style, nullptr).Document(doc); }

std::string ToYaml(const Doc& doc, WriteStyle style) {
  std::string s;
  AppendYaml(s, doc, style);
  return s;
}

std::string ToYamlStream(const std::vector<Doc>& docs, WriteStyle style) {
  std::string s;
  for (size_t i = 0; i < docs.size(); ++i) {
    if (i) s += "---\n";
    AppendYaml(s, docs[i], style);
  }
  return s;
}

void AppendJson(std::string& out, const Doc& doc, WriteStyle style) {
  JsonWriter(out, style, true, nullptr).Value(doc, 0);
  out += '\n';
}

std::string ToJsonText(const Doc& doc, WriteStyle style) {
  std::string s;
  AppendJson(s, doc, style);
  return s;
}

std::string ToCompactJson(const Doc& doc, WriteStyle style) {
  std::string s;
  JsonWriter(s, style, false, nullptr).Value(doc, 0);
  return s;
}

}  // namespace mlpc
