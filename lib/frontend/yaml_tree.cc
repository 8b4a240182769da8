#include "frontend/yaml_tree.h"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <unordered_set>
#include <utility>

#include "diag/messages.h"

namespace mlpc {

const YNode* YNode::Get(std::string_view key) const {
  for (const auto& [k, v] : entries)
    if (k->value == key) return v;
  return nullptr;
}

SourceSpan YNode::ValueSpan(size_t offset, size_t len) const {
  if (!exact_columns) return span;
  return span.Sub(value_col + static_cast<uint32_t>(offset), static_cast<uint32_t>(len));
}

std::string_view KindName(const YNode& n) {
  switch (n.kind) {
    case YNode::Kind::Null: return "null";
    case YNode::Kind::Scalar: return "scalar";
    case YNode::Kind::Seq: return "list";
    case YNode::Kind::Map: return "map";
  }
  return "value";
}

namespace {

// Builds YNodes from parser events. Aliases share the anchored node, so memory stays
// linear. A reader sees each alias as the whole anchored tree, so every node records its
// expanded size and height once it is complete, and each alias is charged both: its size
// against `--max-nodes` (`aliased_`, which stops alias bombs), its height, from where it
// is used, against `--max-depth`. Nodes written out in the file are bounded by its size.
struct Abort {};

class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const SourceManager& sm, FileId file, DiagSink& sink, const LoadLimits& limits,
              YDocument& doc)
      : sm_(sm), file_(file), sink_(sink), limits_(limits), doc_(doc) {}

  bool failed() const { return failed_; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    YNode& n = New(YNode::Kind::Null, mark);
    Attach(&n, anchor);
  }

  void OnAnchor(const YAML::Mark&, const std::string& name) override { anchor_name_ = name; }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    SourceSpan at = AliasSpan(mark);
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      // yaml-cpp knows the anchor, so it names a map or list still open around the alias.
      auto open = std::find_if(stack_.begin(), stack_.end(), [&](const Open& o) { return o.anchor == anchor; });
      std::string name = open != stack_.end() ? open->anchor_name : std::string();
      Report(at, diag::AliasSelf{.alias = name});
    }
    const Anchored& a = it->second;
    // An alias reads as the anchored node: it costs its whole expanded size and height.
    Count(a.node->expanded_size, a.node->expanded_bytes, at);
    if (stack_.size() + a.node->height > limits_.max_depth) {
      // No error test: an alias whose expansion nests past --max-depth: security/aliases.
      Report(at, diag::AliasTooDeep{
                     .alias = a.name, .max = limits_.max_depth, .level = stack_.size(), .height = a.node->height});
    }
    Attach(a.node, 0);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    YNode& n = New(YNode::Kind::Scalar, mark);
    n.value = value;
    n.expanded_bytes = value.size();
    n.plain = tag == "?";
    if (tag != "?" && tag != "!" && tag != "tag:yaml.org,2002:str") Report(n.span, diag::YamlTag{.tag = tag});
    if (tag == "tag:yaml.org,2002:str") n.plain = false;
    ScalarColumns(n, mark);
    Attach(&n, anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    YNode& n = New(YNode::Kind::Seq, mark);
    Push(&n, anchor);
  }
  void OnSequenceEnd() override { Pop(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    YNode& n = New(YNode::Kind::Map, mark);
    Push(&n, anchor);
  }
  void OnMapEnd() override {
    if (!stack_.empty()) FinishMap(*stack_.back().node);
    Pop();
  }

 private:
  struct Open {
    YNode* node;
    YAML::anchor_t anchor;
    std::string anchor_name;
    const YNode* pending_key = nullptr;
  };
  struct Anchored {
    const YNode* node;  // complete: its expanded size and height are final
    std::string name;
  };

  SourceSpan Span(const YAML::Mark& m, uint32_t len) const {
    return SourceSpan{file_, static_cast<uint32_t>(m.line + 1), static_cast<uint32_t>(m.column + 1),
                      len};
  }

  // The span of `*name` at `mark`, as the file spells it.
  SourceSpan AliasSpan(const YAML::Mark& mark) const {
    std::string_view line = sm_.Line(file_, static_cast<uint32_t>(mark.line + 1));
    size_t col = static_cast<size_t>(mark.column), end = col;
    if (col < line.size() && line[col] == '*') {
      end = col + 1;
      while (end < line.size() && std::string_view(" \t,[]{}").find(line[end]) == std::string_view::npos) ++end;
    }
    return Span(mark, static_cast<uint32_t>(std::max<size_t>(1, end - col)));
  }

  YNode& New(YNode::Kind kind, const YAML::Mark& mark) {
    doc_.nodes.emplace_back();
    YNode& n = doc_.nodes.back();
    n.kind = kind;
    n.span = Span(mark, 1);
    return n;
  }

  // Works out how a scalar's characters map to columns, so `${{ }}` errors can point
  // inside the string. Exact only for one-line plain and quoted scalars without escapes.
  void ScalarColumns(YNode& n, const YAML::Mark& mark) {
    std::string_view line = sm_.Line(file_, n.span.line);
    size_t col = static_cast<size_t>(mark.column);
    if (col >= line.size()) {
      n.span.len = 1;
      return;
    }
    char first = line[col];
    std::string_view rest = line.substr(col);
    if (first == '"' || first == '\'') {
      size_t end = rest.find(first, 1);
      bool simple = end != std::string_view::npos && rest.substr(1, end - 1) == n.value;
      n.span.len = static_cast<uint32_t>(end != std::string_view::npos ? end + 1 : rest.size());
      n.value_col = 1;
      n.exact_columns = simple;
    } else if (first == '|' || first == '>') {
      n.span.len = 1;
    } else if (rest.substr(0, n.value.size()) == n.value) {
      n.span.len = static_cast<uint32_t>(std::max<size_t>(1, n.value.size()));
      n.exact_columns = true;
    } else {
      n.span.len = static_cast<uint32_t>(std::max<size_t>(1, std::min(rest.size(), n.value.size())));
    }
  }

  // A fatal problem: report it and stop the parser, so one cause gives one diagnostic.
  // The caller is the reporting site.
  template <class Args>
  [[noreturn]] void Report(SourceSpan span, const Args& args, const char* site_file = __builtin_FILE(),
                           int site_line = __builtin_LINE()) {
    sink_.Report(span, args, site_file, site_line);
    failed_ = true;
    throw Abort{};
  }

  // `n` more nodes and `bytes` more bytes of scalars that an alias adds.
  void Count(size_t n, size_t bytes, SourceSpan where) {
    aliased_ = std::min(aliased_ + n, limits_.max_nodes + 1);
    if (aliased_ > limits_.max_nodes) {
      Report(where, diag::AliasNodes{.max = limits_.max_nodes});
    }
    aliased_bytes_ = std::min(aliased_bytes_ + bytes, limits_.max_bytes + 1);
    if (aliased_bytes_ > limits_.max_bytes) {
      // No error test: aliases that add more than --max-bytes of scalars: security/expansion.
      Report(where, diag::AliasBytes{.max = limits_.max_bytes});
    }
  }

  // Adds the complete node `n` to the open map or list (or makes it the root), and
  // records it under `anchor` (0: none).
  void Attach(const YNode* n, YAML::anchor_t anchor) {
    if (anchor != 0) anchors_[anchor] = Anchored{n, std::exchange(anchor_name_, {})};
    if (stack_.empty()) {
      if (!doc_.root) doc_.root = n;
      return;
    }
    Open& top = stack_.back();
    YNode& parent = *top.node;
    parent.expanded_size = std::min(parent.expanded_size + n->expanded_size, limits_.max_nodes + 1);
    parent.expanded_bytes = std::min(parent.expanded_bytes + n->expanded_bytes, limits_.max_bytes + 1);
    parent.height = std::max(parent.height, n->height + 1);
    if (failed_) return;  // keep the tree small once the document is rejected
    if (parent.kind == YNode::Kind::Seq) {
      parent.items.push_back(n);
    } else if (!top.pending_key) {
      if (!n->IsScalar() && !n->IsNull()) {
        Report(n->span, diag::KeyNotScalar{.shape = KindName(*n)});
      }
      top.pending_key = n;
    } else {
      parent.entries.emplace_back(top.pending_key, n);
      top.pending_key = nullptr;
    }
  }

  void Push(YNode* n, YAML::anchor_t anchor) {
    if (stack_.size() >= limits_.max_depth) Report(n->span, diag::YamlTooDeep{.max = limits_.max_depth});
    n->height = 1;
    stack_.push_back(Open{n, anchor, anchor != 0 ? std::exchange(anchor_name_, {}) : std::string()});
  }

  // The open map or list is complete: its children's sizes and heights were added as they
  // arrived.
  void Pop() {
    if (stack_.empty()) return;
    Open top = std::move(stack_.back());
    stack_.pop_back();
    anchor_name_ = std::move(top.anchor_name);
    Attach(top.node, top.anchor);
  }

  // Duplicate keys are errors; `<<` merge keys are expanded (explicit keys win).
  void FinishMap(YNode& map) {
    if (failed_) return;
    std::vector<std::pair<const YNode*, const YNode*>> merged;
    std::vector<std::pair<const YNode*, const YNode*>> own;
    for (const auto& e : map.entries) {
      if (e.first->IsScalar() && e.first->plain && e.first->value == "<<") {
        if (!e.second->IsMap() && !e.second->IsSeq()) Report(e.second->span, diag::MergeKeyShape{});
        std::vector<const YNode*> sources;
        if (e.second->IsMap()) sources.push_back(e.second);
        for (const YNode* s : e.second->items) sources.push_back(s);
        for (const YNode* s : sources) {
          if (!s->IsMap()) Report(s->span, diag::MergeKeyShape{});
          for (const auto& me : s->entries) merged.push_back(me);
        }
      } else {
        own.push_back(e);
      }
    }
    std::map<std::string, const YNode*> seen;
    for (const auto& [k, v] : own) {
      auto [it, fresh] = seen.emplace(k->value, k);
      if (!fresh) {
        Diagnostic& d = sink_.Report(k->span, diag::DuplicateKey{.key = k->value});
        d.notes.push_back(Note{it->second->span, "first defined here"});
      }
    }
    for (const auto& [k, v] : merged) {
      if (seen.emplace(k->value, k).second) own.emplace_back(k, v);
    }
    map.entries = std::move(own);
  }

  const SourceManager& sm_;
  FileId file_;
  DiagSink& sink_;
  const LoadLimits& limits_;
  YDocument& doc_;
  std::vector<Open> stack_;
  std::map<YAML::anchor_t, Anchored> anchors_;
  std::string anchor_name_;  // from OnAnchor, for the node event that follows it
  size_t aliased_ = 0;
  size_t aliased_bytes_ = 0;
  bool failed_ = false;
};

// Why the UTF-8 sequence that starts at s[i] is not a well-formed character, or empty when it
// is one; `n` is its length. Well-formed means Unicode's table 3-7: overlong forms, surrogates
// and code points above U+10FFFF are named, because decoders that accept them let a disguised
// `/` or a lone surrogate through to the engines (and strict readers such as Python's refuse
// the output).
const char* BadSequence(std::string_view s, size_t i, size_t& n) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  n = 1;
  if (c < 0x80) return nullptr;
  if (c == 0xC0 || c == 0xC1) return "an overlong UTF-8 encoding";
  if (c >= 0xF5 && c <= 0xFD) return "a code point above U+10FFFF";  // leads only such sequences
  n = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return "invalid UTF-8";
  for (size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return "invalid UTF-8";
  unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
  if ((c == 0xE0 && c1 < 0xA0) || (c == 0xF0 && c1 < 0x90)) return "an overlong UTF-8 encoding";
  if (c == 0xED && c1 >= 0xA0) return "a UTF-16 surrogate (U+D800 to U+DFFF)";
  if (c == 0xF4 && c1 >= 0x90) return "a code point above U+10FFFF";
  return nullptr;
}

// The first offending byte of text that is not well-formed UTF-8 or holds a NUL; npos when
// clean.
size_t FindNonText(std::string_view s, std::string& why) {
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '\0') {
      why = "a NUL byte";
      return i;
    }
    size_t n = 1;
    if (const char* bad = BadSequence(s, i, n)) {
      why = bad;
      return i;
    }
    i += n;
  }
  return std::string_view::npos;
}

SourceSpan SpanAtOffset(const std::string& text, FileId file, size_t offset) {
  uint32_t line = 1, col = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return SourceSpan{file, line, col, 1};
}

// Where a parser error is shown: its mark, moved back onto the last line with text when
// the file ended first, or onto a tab that indents the line (YAML forbids tabs there).
SourceSpan ErrorSpan(const SourceManager& sm, FileId file, const YAML::Mark& mark, std::string& why) {
  if (mark.is_null()) return SourceSpan{file, 1, 1, 1};
  uint32_t line = static_cast<uint32_t>(mark.line + 1);
  uint32_t col = static_cast<uint32_t>(mark.column + 1);
  for (uint32_t l : {line, line > 1 ? line - 1 : line}) {
    std::string_view text = sm.Line(file, l);
    size_t i = 0;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) {
      if (text[i] == '\t') {
        why = "a tab indents this line; YAML indents with spaces";
        return SourceSpan{file, l, static_cast<uint32_t>(i + 1), 1};
      }
      ++i;
    }
  }
  uint32_t last = line;
  while (last > 1 && sm.Line(file, last).find_first_not_of(" \t\r") == std::string_view::npos) --last;
  if (last != line) {
    why += " (the file ends first)";
    return SourceSpan{file, last, static_cast<uint32_t>(sm.Line(file, last).size()), 1};
  }
  return SourceSpan{file, line, col, 1};
}

}  // namespace

YDocument LoadYaml(const SourceManager& sm, FileId file, DiagSink& sink, const LoadLimits& limits) {
  YDocument doc;
  const std::string& text = sm.Text(file);
  std::string why;
  size_t bad = FindNonText(text, why);
  if (bad != std::string_view::npos) {
    sink.Report(SpanAtOffset(text, file, bad), diag::NotTextFile{.why = why, .byte = bad});
    return doc;
  }
  std::string_view body(text);
  size_t bom = body.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  std::istringstream in(text.substr(bom));
  TreeBuilder builder(sm, file, sink, limits, doc);
  try {
    YAML::Parser parser(in);
    if (!parser.HandleNextDocument(builder)) {
      sink.Report(SourceSpan{file, 1, 1, 1}, diag::NoYamlDocument{});
      return doc;
    }
    if (builder.failed()) {
      doc.root = nullptr;
      return doc;
    }
    YDocument extra;
    DiagSink ignored;
    TreeBuilder second(sm, file, ignored, limits, extra);
    bool more = false;
    try {
      more = parser.HandleNextDocument(second);
    } catch (const Abort&) {
      more = true;
    }
    if (more) {
      SourceSpan at = extra.root ? extra.root->span : SourceSpan{file, 1, 1, 1};
      sink.Report(at, diag::SecondYamlDocument{});
      doc.root = nullptr;
    }
  } catch (const Abort&) {
    doc.root = nullptr;
  } catch (const YAML::DeepRecursion& e) {
    std::string ignored;
    // No error test: yaml-cpp's own recursion limit, below mlpc's depth limit only for odd inputs: schema/malformed.
    sink.Report(ErrorSpan(sm, file, e.mark, ignored), diag::YamlParserTooDeep{});
    doc.root = nullptr;
  } catch (const YAML::Exception& e) {
    std::string message = e.msg;
    SourceSpan at = ErrorSpan(sm, file, e.mark, message);
    sink.Report(at, diag::InvalidYaml{.message = message});
    doc.root = nullptr;
  }
  if (doc.root && doc.root->IsNull()) {
    sink.Report(doc.root->span, diag::EmptyDocument{});
    doc.root = nullptr;
  }
  return doc;
}

}  // namespace mlpc
