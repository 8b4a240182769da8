// Helpers shared by the spec parser: checked access to map fields and typed scalars.
// Every problem is reported with the node's span; the helpers return "absent" on error.
#pragma once

#include <deque>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frontend/ast.h"
#include "frontend/yaml_tree.h"

namespace mlpc {

// Files read while parsing one top-level spec: imports, component files, sub-pipelines.
struct FrontendContext {
  SourceManager& sm;
  DiagSink& sink;
  LoadLimits limits;
  std::deque<YDocument> docs;                   // keeps every loaded tree alive
  std::map<std::string, const YNode*> loaded;   // canonical path -> root
  std::vector<std::string> stack;               // files being parsed, for cycles
};

// The directory of the file, for resolving relative paths ("" for stdin).
std::string DirOf(const SourceManager& sm, FileId file);
// Reads and parses a file named at `where`; nullptr (reported) when it cannot.
const YNode* LoadFile(FrontendContext& ctx, const std::string& path, SourceSpan where,
                      std::string* canonical = nullptr);

class Fields {
 public:
  // Reports every key of `map` that is not in `allowed` (with a suggestion). `what`
  // names the place for messages ("task `train`").
  Fields(const YNode& map, std::string_view what, std::initializer_list<std::string_view> allowed,
         DiagSink& sink);
  const YNode* Get(std::string_view key) const { return map_.Get(key); }
  const YNode* Require(std::string_view key);
  const YNode& map() const { return map_; }

 private:
  const YNode& map_;
  std::string what_;
  DiagSink& sink_;
};

bool ExpectKind(const YNode& n, YNode::Kind kind, std::string_view what, DiagSink& sink);
std::optional<std::string> ScalarString(const YNode& n, std::string_view what, DiagSink& sink);
std::optional<Spanned<std::string>> SpannedString(const YNode* n, std::string_view what, DiagSink& sink);
std::optional<int64_t> ScalarInt(const YNode& n, std::string_view what, DiagSink& sink);
std::optional<double> ScalarNumber(const YNode& n, std::string_view what, DiagSink& sink);
std::optional<bool> ScalarBool(const YNode& n, std::string_view what, DiagSink& sink);
// "30s", "5m", "2h", "7d", "1h30m" to seconds.
std::optional<int64_t> Duration(const YNode& n, std::string_view what, DiagSink& sink);
// A Kubernetes quantity ("500m", "2", "16Gi"); numbers are accepted and kept as written.
std::optional<Spanned<std::string>> Quantity(const YNode& n, std::string_view what, DiagSink& sink);
std::optional<std::string> Choice(const YNode& n, std::string_view what,
                                  std::initializer_list<std::string_view> choices, DiagSink& sink);

// YAML to JSON by the YAML 1.2 core schema: plain scalars become null, bools, integers,
// floats or strings; quoted scalars are strings.
ast::json ToJson(const YNode& n);
// A string value with its `${{ }}` references parsed.
std::optional<ast::Template> ParseTemplateNode(const YNode& n, std::string_view what, DiagSink& sink);
// A `with`/`outputs`/default value: templates for strings, literals for everything else.
std::optional<ast::Value> ParseValue(const YNode& n, std::string_view what, DiagSink& sink);
std::optional<ast::StringMap> ParseStringMap(const YNode& n, std::string_view what, DiagSink& sink);
// Kubernetes metadata: a string map whose keys are qualified names (`[prefix/]name`, as
// label and annotation keys are) and, for labels and node selectors, whose values are
// label values. Each one that Kubernetes would refuse is an E0218 at its place.
enum class MetadataValues { Any, Label };
std::optional<ast::StringMap> ParseMetadataMap(const YNode& n, std::string_view what, MetadataValues values,
                                               DiagSink& sink);

}  // namespace mlpc
