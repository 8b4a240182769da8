// The spec parser: YAML tree to AST. `ParseSpec` is the front end's entry point; the
// other functions are its parts, one file each.
#pragma once

#include <memory>
#include <set>
#include <string_view>
#include <vector>

#include "frontend/ast.h"
#include "frontend/reader.h"

namespace mlpc {

// Parses the spec whose YAML tree is `root`, with its imports, component files and
// sub-pipelines. Returns nullptr when the document is not a map at all; otherwise an AST
// that may be partial, with every problem in ctx.sink.
std::shared_ptr<ast::Spec> ParseSpec(FrontendContext& ctx, const YNode& root);
// The map of `pipeline:` written inline in a task: a sub-pipeline named `name` (the task's).
std::shared_ptr<ast::Spec> ParseInlineSpec(FrontendContext& ctx, const YNode& map, const Spanned<std::string>& name);

// Parts of the parser.
const std::vector<std::string_view>& SettingKeys();
bool ParseSetting(const YNode& key, const YNode& value, ast::Settings& s, DiagSink& sink);
std::optional<ast::IoDecl> ParseIoDecl(const YNode& key, const YNode& value, std::string_view what, bool allow_default,
                                       DiagSink& sink);
std::vector<ast::IoDecl> ParseIoMap(const YNode& n, std::string_view what, bool allow_default, DiagSink& sink);
// One component definition (from a spec, a library or a component file).
std::optional<ast::Component> ParseComponent(FrontendContext& ctx, const YNode& name, const YNode& body, FileId file);
void ParseComponentMap(FrontendContext& ctx, const YNode& map, FileId file, std::vector<ast::Component>& out);
// Components of every library in `list`; `seen` skips a library imported twice.
void ParseImports(FrontendContext& ctx, const YNode& list, FileId file, std::vector<ast::Component>& out,
                  std::set<std::string>& seen);
// Reads the implementation fields (image, command, args, script, inputs, outputs,
// description) of a component or an inline task; true when any was present.
bool ParseImplementationField(const YNode& key, const YNode& value, ast::Component& c, DiagSink& sink);
void ParseTasks(FrontendContext& ctx, const YNode& map, FileId file, bool is_finally, std::vector<ast::Task>& out);
// A KFP v1 component.yaml (`implementation.container`).
std::optional<ast::Component> ParseKfpComponent(FrontendContext& ctx, const YNode& name, const YNode& root);

}  // namespace mlpc
