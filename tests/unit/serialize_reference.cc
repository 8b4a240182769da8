// The reference the serializer is held to: the emitter-based writer mlpc used before,
// yaml-cpp's Emitter deciding layout and plain scalars and std::regex matching YAML 1.1
// look-alikes. serialize_test.cc checks the fast writer against it byte for byte.
#include "serialize_reference.h"


#include <yaml-cpp/emitter.h>

#include <cctype>
#include <regex>

namespace mlpc::reference {

bool NeedsQuotes(const std::string& s) {
  if (s.empty()) return true;
  if (s.front() == ' ' || s.back() == ' ' || s.front() == '\t' || s.back() == '\t') return true;
  if (s.size() > 40) {
    // Past the length of every word form below, only numbers and timestamps remain;
    // std::regex recurses per character, so long texts are checked by hand.
    bool numeric = s.find_first_not_of("0123456789+-._:eE") == std::string::npos;
    bool dated = s.size() >= 10 && std::isdigit(static_cast<unsigned char>(s[0])) &&
                 s.find_first_not_of("0123456789-") >= 8 && s[4] == '-';
    return numeric || dated;
  }
  // YAML 1.1 (what Kubernetes' go-yaml reads) booleans, nulls, numbers, timestamps.
  static const std::regex kSpecial(
      "(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~"
      "|[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?"
      "|[-+]?0x[0-9a-fA-F_]+|[-+]?0o?[0-7_]+|[-+]?0b[01_]+|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?"
      "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)|=|<<"
      "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?)");
  return std::regex_match(s, kSpecial);
}

namespace {

bool Multiline(const std::string& s) { return s.find('\n') != std::string::npos; }

// A literal block keeps the text exactly only when no line has trailing blanks, the
// first line does not start with a blank, and there are no carriage returns or tabs.
bool LiteralSafe(const std::string& s) {
  if (s.empty() || s.front() == ' ' || s.front() == '\n') return false;
  if (s.find('\r') != std::string::npos || s.find('\t') != std::string::npos) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n' && i > 0 && s[i - 1] == ' ') return false;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\n') || c == 0x7f) return false;
  }
  // yaml-cpp writes `|` (clip: exactly one final newline), never `|-` or `|+`, so a
  // literal block fits only text that ends in exactly one newline.
  if (s.back() != '\n') return false;
  if (s.size() >= 2 && s[s.size() - 2] == '\n') return false;
  return s[s.size() - 2] != ' ';
}

bool HasControl(const std::string& s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return true;
  return false;
}

// Characters YAML 1.1 readers (Kubernetes' go-yaml, PyYAML) take as line breaks (NEL,
// U+2028, U+2029) or refuse unescaped (the C1 controls, the BOM): such a text is written
// double-quoted with every non-ASCII character escaped, so it reads back unchanged.
bool HasYaml11Hazard(const std::string& s) {
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    unsigned char a = static_cast<unsigned char>(s[i]), b = static_cast<unsigned char>(s[i + 1]);
    if (a == 0xC2 && b >= 0x80 && b <= 0x9F) return true;
    if (i + 2 < s.size()) {
      unsigned char c = static_cast<unsigned char>(s[i + 2]);
      if (a == 0xE2 && b == 0x80 && (c == 0xA8 || c == 0xA9)) return true;
      if (a == 0xEF && b == 0xBB && c == 0xBF) return true;
    }
  }
  return false;
}

void EmitString(YAML::Emitter& out, const std::string& s) {
  if (HasYaml11Hazard(s)) {
    out << YAML::EscapeNonAscii << YAML::DoubleQuoted << s;
  } else if (Multiline(s) && LiteralSafe(s)) {
    out << YAML::Literal << s.substr(0, s.size() - 1);  // clip restores the newline
  } else if (NeedsQuotes(s) || HasControl(s) || s.starts_with("---") || s.starts_with("...")) {
    // yaml-cpp's emitter writes a leading document marker plain, where a key at the top
    // level reads back as the end of the document (found by the writers fuzzer).
    out << YAML::DoubleQuoted << s;
  } else {
    out << s;  // yaml-cpp quotes what is not a valid plain scalar in context
  }
}

bool IsShortScalarList(const Doc& d) {
  if (!d.is_array() || d.empty()) return false;
  size_t len = 0;
  for (const Doc& i : d) {
    if (i.is_structured()) return false;
    std::string s = i.is_string() ? i.get<std::string>() : i.dump();
    if (Multiline(s) || HasControl(s) || HasYaml11Hazard(s)) return false;
    len += s.size() + 2;
  }
  return len <= 60;
}

void Emit(YAML::Emitter& out, const Doc& d) {
  switch (d.type()) {
    case Doc::value_t::object:
      if (d.empty()) {
        out << YAML::Flow << YAML::BeginMap << YAML::EndMap;
        return;
      }
      out << YAML::BeginMap;
      for (const auto& [k, v] : d.items()) {
        out << YAML::Key;
        EmitString(out, k);
        out << YAML::Value;
        Emit(out, v);
      }
      out << YAML::EndMap;
      return;
    case Doc::value_t::array:
      if (d.empty()) {
        out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
        return;
      }
      if (IsShortScalarList(d)) out << YAML::Flow;
      out << YAML::BeginSeq;
      for (const Doc& i : d) Emit(out, i);
      out << YAML::EndSeq;
      return;
    case Doc::value_t::string:
      EmitString(out, d.get<std::string>());
      return;
    case Doc::value_t::boolean:
      out << (d.get<bool>() ? "true" : "false");
      return;
    case Doc::value_t::null:
      out << YAML::Null;
      return;
    default:
      out << d.dump();
      return;  // numbers, as JSON writes them
  }
}

}  // namespace

std::string ToYaml(const Doc& doc) {
  YAML::Emitter out;
  out.SetIndent(2);
  out.SetSeqFormat(YAML::Block);
  out.SetMapFormat(YAML::Block);
  out.SetOutputCharset(YAML::EmitNonAscii);
  Emit(out, doc);
  std::string s = out.c_str();
  if (s.empty() || s.back() != '\n') s += '\n';
  // The emitter writes DEL raw, which YAML readers refuse; mlpc escapes it. Here it can only
  // stand in a double-quoted scalar (plain and literal forms exclude it), so the text
  // replacement is exact.
  for (size_t at = s.find('\x7f'); at != std::string::npos; at = s.find('\x7f', at + 4)) s.replace(at, 1, "\\x7f");
  return s;
}

}  // namespace mlpc::reference
