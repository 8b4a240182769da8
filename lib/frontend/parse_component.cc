// Components: inline definitions, component files, and `imports` libraries.
#include <fmt/format.h>

#include <set>

#include "diag/messages.h"
#include "frontend/parse.h"
#include "support/spell.h"

namespace mlpc {

std::optional<ast::IoDecl> ParseIoDecl(const YNode& key, const YNode& value, std::string_view what, bool allow_default,
                                       DiagSink& sink) {
  ast::IoDecl d;
  d.name = {key.value, key.span};
  d.span = value.span;
  std::string where = fmt::format("{} `{}`", what, key.value);
  if (value.IsScalar()) {  // shorthand: `data: dataset`
    d.type = {value.value, value.span};
    return d;
  }
  if (!value.IsMap()) {
    sink.Report(value.span, diag::IoDeclShape{.what = what, .name = key.value, .shape = KindName(value)});
    return std::nullopt;
  }
  std::initializer_list<std::string_view> with_default = {"type", "default", "description", "optional", "enum"};
  std::initializer_list<std::string_view> without = {"type", "description"};
  Fields f(value, where, allow_default ? with_default : without, sink);
  const YNode* t = f.Require("type");
  if (!t) return std::nullopt;
  auto tn = ScalarString(*t, fmt::format("the type of {}", where), sink);
  if (!tn) return std::nullopt;
  d.type = {*tn, t->span};
  if (const YNode* v = f.Get("default")) d.default_value = ParseValue(*v, "a default", sink);
  if (const YNode* v = f.Get("description")) d.description = ScalarString(*v, "`description`", sink).value_or("");
  if (const YNode* v = f.Get("optional")) d.optional = ScalarBool(*v, "`optional`", sink).value_or(false);
  if (const YNode* e = f.Get("enum"); e && ExpectKind(*e, YNode::Kind::Seq, "`enum`", sink)) {
    for (const YNode* i : e->items) {
      bool ok = true;
      ast::json v = LiteralJson(*i, "`enum`", sink, ok);
      if (ok) d.enum_values.push_back({std::move(v), i->span});
    }
  }
  return d;
}

std::vector<ast::IoDecl> ParseIoMap(const YNode& n, std::string_view what, bool allow_default, DiagSink& sink) {
  std::vector<ast::IoDecl> out;
  if (!ExpectKind(n, YNode::Kind::Map, fmt::format("`{}s`", what), sink)) return out;
  for (const auto& [k, v] : n.entries) {
    if (auto d = ParseIoDecl(*k, *v, what, allow_default, sink)) out.push_back(std::move(*d));
  }
  return out;
}

bool ParseImplementationField(const YNode& key, const YNode& value, ast::Component& c, DiagSink& sink) {
  const std::string& k = key.value;
  auto list = [&](std::vector<ast::Template>& out, std::string_view what) {
    if (!ExpectKind(value, YNode::Kind::Seq, what, sink)) return;
    for (const YNode* i : value.items) {
      if (auto t = ParseTemplateNode(*i, fmt::format("an item of {}", what), sink)) out.push_back(std::move(*t));
    }
  };
  if (k == "command") {
    c.has_command = true;
    if (value.IsScalar()) {
      sink.Report(value.span, diag::CommandScalar{});
      return true;
    }
    list(c.command, "`command`");
  } else if (k == "args") {
    c.has_args = true;
    list(c.args, "`args`");
  } else if (k == "script") {
    c.script = ParseTemplateNode(value, "`script`", sink);
  } else if (k == "inputs") {
    c.inputs = ParseIoMap(value, "input", true, sink);
  } else if (k == "outputs") {
    c.outputs = ParseIoMap(value, "output", false, sink);
  } else if (k == "description") {
    c.description = ScalarString(value, "`description`", sink).value_or("");
  } else {
    return false;
  }
  return true;
}

std::optional<ast::Component> ParseComponent(FrontendContext& ctx, const YNode& name, const YNode& body, FileId file) {
  std::string what = fmt::format("component `{}`", name.value);
  if (!ExpectKind(body, YNode::Kind::Map, what, ctx.sink)) return std::nullopt;
  if (const YNode* f = body.Get("file")) {
    Fields only(body, what, {"file"}, ctx.sink);
    auto path = ScalarString(*f, "`file`", ctx.sink);
    if (!path) return std::nullopt;
    auto named = ResolveNamed(ctx, file, *path, f->span);
    if (!named) return std::nullopt;
    // A component file may name another one in turn; one that leads back would recurse forever.
    if (std::string chain = CycleChain(ctx, named->real); !chain.empty()) {
      ctx.sink.Report(f->span, diag::ComponentFileCycle{.path = Elide(*path), .chain = chain});
      return std::nullopt;
    }
    const YNode* root = LoadFile(ctx, *named, f->span);
    if (!root) return std::nullopt;
    FileId cf = root->span.file;
    if (!root->IsMap()) {
      ctx.sink.Report(root->span, diag::ComponentFileShape{.path = *path});
      return std::nullopt;
    }
    ctx.stack.push_back(named->real);
    auto c = root->Get("implementation") ? ParseKfpComponent(ctx, name, *root) : ParseComponent(ctx, name, *root, cf);
    ctx.stack.pop_back();
    return c;
  }
  std::vector<std::string_view> keys = {"description", "command", "args", "script", "inputs", "outputs"};
  for (std::string_view k : SettingKeys()) keys.push_back(k);
  ast::Component c;
  c.name = {name.value, name.span};
  c.span = body.span;
  std::vector<std::string> names(keys.begin(), keys.end());
  for (const auto& [k, v] : body.entries) {
    if (ParseImplementationField(*k, *v, c, ctx.sink)) continue;
    if (ParseSetting(*k, *v, c.settings, ctx.sink)) continue;
    ctx.sink.Report(k->span,
                    diag::UnknownKey{.key = k->value, .what = what, .suggestion = DidYouMean(k->value, names)});
  }
  return c;
}

void ParseComponentMap(FrontendContext& ctx, const YNode& map, FileId file, std::vector<ast::Component>& out) {
  if (!ExpectKind(map, YNode::Kind::Map, "`components`", ctx.sink)) return;
  for (const auto& [k, v] : map.entries) {
    if (auto c = ParseComponent(ctx, *k, *v, file)) out.push_back(std::move(*c));
  }
}

void ParseImports(FrontendContext& ctx, const YNode& list, FileId file, std::vector<ast::Component>& out,
                  std::set<std::string>& seen) {
  if (!ExpectKind(list, YNode::Kind::Seq, "`imports`", ctx.sink)) return;
  for (const YNode* item : list.items) {
    auto path = ScalarString(*item, "an import", ctx.sink);
    if (!path) continue;
    auto named = ResolveNamed(ctx, file, *path, item->span);
    if (!named) continue;
    if (std::string chain = CycleChain(ctx, named->real); !chain.empty()) {
      ctx.sink.Report(item->span, diag::ImportCycle{.path = Elide(*path), .chain = chain});
      continue;
    }
    if (!seen.insert(named->real).second) continue;  // imported already: same components
    const YNode* root = LoadFile(ctx, *named, item->span);
    if (!root) continue;
    if (!root->IsMap()) {
      ctx.sink.Report(root->span, diag::ComponentLibraryShape{.path = *path});
      continue;
    }
    FileId lf = root->span.file;
    Fields f(*root, fmt::format("component library `{}`", *path), {"version", "description", "imports", "components"},
             ctx.sink);
    ctx.stack.push_back(named->real);
    if (const YNode* nested = f.Get("imports")) ParseImports(ctx, *nested, lf, out, seen);
    if (const YNode* comps = f.Require("components")) ParseComponentMap(ctx, *comps, lf, out);
    ctx.stack.pop_back();
  }
}

}  // namespace mlpc
