// A YAML tree with a source span on every node. The only yaml-cpp parser user is
// yaml_tree.cc; everything after it sees these nodes.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "diag/diagnostic.h"

namespace mlpc {

struct YNode {
  enum class Kind { Null, Scalar, Seq, Map };
  Kind kind = Kind::Null;
  SourceSpan span;
  bool plain = true;  // false for quoted and block scalars: always a string
  // Scalars: whether byte offsets in `value` map 1:1 to columns (single line, no escapes),
  // and the column offset of the value's first character from span.col.
  bool exact_columns = false;
  std::string value;  // scalars: the text; plain scalars are unquoted in the file
  uint32_t value_col = 0;
  // What a reader walking this node sees, every alias in it expanded: the levels of maps
  // and lists (0 for a scalar or null, 1 for a flat map), the nodes (at most
  // LoadLimits::max_nodes + 1) and the bytes of its scalars, keys included (at most
  // LoadLimits::max_bytes + 1). Aliases share nodes, so these are what the limits bound.
  uint32_t height = 0;
  size_t expanded_size = 1;
  size_t expanded_bytes = 0;
  std::vector<const YNode*> items;                             // Seq
  std::vector<std::pair<const YNode*, const YNode*>> entries;  // Map, file order

  bool IsScalar() const { return kind == Kind::Scalar; }
  bool IsMap() const { return kind == Kind::Map; }
  bool IsSeq() const { return kind == Kind::Seq; }
  bool IsNull() const { return kind == Kind::Null; }
  const YNode* Get(std::string_view key) const;
  // The span of the `index`-th character of a scalar's value when columns are exact.
  SourceSpan ValueSpan(size_t offset, size_t len) const;
};

// The default bound on every file read (--max-file-size), and on what aliases and files
// named more than once add to a spec. Far above any real spec (an Argo Workflow must fit
// etcd's 1.5 MiB), and low enough that a spec at the limits stays within a CI runner's
// memory: about 110 bytes of memory a byte of spec (docs/security.md).
inline constexpr size_t kDefaultMaxFileSize = 8u << 20;

struct LoadLimits {
  size_t max_nodes = 1'000'000;  // nodes YAML aliases may add (each alias: its expanded size)
  // Bytes of scalars YAML aliases may add: an alias of a long string costs its length.
  // The driver sets it to --max-file-size, so that aliases add at most a file's worth.
  size_t max_bytes = kDefaultMaxFileSize;
  // Levels of maps and lists, aliases expanded; below yaml-cpp's own limit, so mlpc
  // reports it with a location.
  size_t max_depth = 256;
};

// Owns the nodes of one parsed file.
struct YDocument {
  std::deque<YNode> nodes;
  const YNode* root = nullptr;  // nullptr when the file could not be parsed
};

// Parses one YAML document of `file`; every problem is reported to `sink` with a span.
YDocument LoadYaml(const SourceManager& sm, FileId file, DiagSink& sink,
                   const LoadLimits& limits = {});

// "map", "list", "string", "null": for messages.
std::string_view KindName(const YNode& n);

}  // namespace mlpc
