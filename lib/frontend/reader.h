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
#include "frontend/files.h"
#include "frontend/yaml_tree.h"

namespace mlpc {

// Files read while parsing one top-level spec: imports, component files, sub-pipelines.
struct FrontendContext {
  SourceManager& sm;
  DiagSink& sink;
  LoadLimits limits;
  std::deque<YDocument> docs;                   // keeps every loaded tree alive
  std::map<std::string, const YNode*> loaded;   // real path -> root
  std::vector<std::string> stack;               // real paths of the files being parsed, for cycles
  // Initialised, so that a caller may leave out the members below.
  // The directory every named file must be inside (a real path; docs/spec.md, section 1).
  // Empty: the root of the first file that names one (FindRoot).
  std::string root = {};
  size_t max_file_size = kDefaultMaxFileSize;     // bytes, for every file read
  std::map<FileId, std::string> real_paths = {};  // of the files loaded here
  // What the files named so far add to the spec, each counted every time it is named
  // (expanded nodes and bytes of scalars): at most limits.max_nodes and max_file_size
  // over the whole spec (E0115). Once over, every later file is refused quietly.
  size_t added_nodes = 0;
  size_t added_bytes = 0;
  bool over_budget = false;
};

// A file that a spec names and may read.
struct NamedFile {
  std::string path;  // for messages and for the paths it names in turn: as written, from the naming file
  std::string real;  // the key for the cache and for cycles
  FileIdentity id;   // what was checked, so that a file swapped in before the open is refused
};

// The directory of the file, for resolving relative paths ("" for stdin).
std::string DirOf(const SourceManager& sm, FileId file);
// The real path of a file of `ctx`, as cycles compare them.
const std::string& RealPathOf(FrontendContext& ctx, FileId file);
// Resolves `written`, named at `where` in file `from`, under the confinement rules
// (E0112), checks that it exists (E0103) and that files do not nest deeper than
// ctx.limits.max_depth (E0106); nullopt (reported) when it may not be read.
std::optional<NamedFile> ResolveNamed(FrontendContext& ctx, FileId from, const std::string& written, SourceSpan where);
// The chain of files being parsed from `real` back to it ("`a.yaml` -> `b.yaml` -> `a.yaml`"),
// or "" when `real` is not being parsed.
std::string CycleChain(const FrontendContext& ctx, const std::string& real);
// Reads (a regular file, up to ctx.max_file_size: E0113, E0110) and parses a resolved
// file, once, and charges what it adds each time it is named (E0115); nullptr (reported
// at `where`) when it cannot be read or would go over the budget.
const YNode* LoadFile(FrontendContext& ctx, const NamedFile& file, SourceSpan where);

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
// "30s", "5m", "2h", "7d", "1h30m" to seconds; longer than zero unless `allow_zero`.
std::optional<int64_t> Duration(const YNode& n, std::string_view what, DiagSink& sink, bool allow_zero = false);
// A Kubernetes quantity ("500m", "2", "16Gi"); numbers are accepted and kept as written.
std::optional<Spanned<std::string>> Quantity(const YNode& n, std::string_view what, DiagSink& sink);
std::optional<std::string> Choice(const YNode& n, std::string_view what,
                                  std::initializer_list<std::string_view> choices, DiagSink& sink);

// YAML to JSON by the YAML 1.2 core schema: plain scalars become null, bools, integers,
// floats or strings; quoted scalars are strings.
ast::json ToJson(const YNode& n);
// ToJson for a literal value: a `${{ }}` reference in one of its strings is E0309 (`ok` is
// then false) and `$${{` is unescaped.
ast::json LiteralJson(const YNode& n, std::string_view what, DiagSink& sink, bool& ok);
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
