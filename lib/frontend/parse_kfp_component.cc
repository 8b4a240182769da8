// KFP v1 component.yaml files (`implementation.container`), so that existing component
// libraries are reused unchanged. Names and types map as the KFP SDK maps them: input and
// output names are lower-cased with `_` for other characters; String/Integer/Float/
// Boolean/JsonObject/JsonArray are parameters; Dataset, Model, ... are those artifacts;
// any other or no type is an artifact, or a string when only read as `inputValue`.
#include <fmt/format.h>

#include <cctype>
#include <map>

#include "diag/messages.h"
#include "frontend/parse.h"
#include "support/numbers.h"
#include "support/spell.h"

namespace mlpc {
namespace {

std::string Sanitize(const std::string& name) {
  std::string out;
  for (char c : name) {
    char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool ok = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') || l == '_';
    if (ok)
      out += l;
    else if (!out.empty() && out.back() != '_')
      out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  size_t first = out.find_first_not_of('_');
  return first == std::string::npos ? "" : out.substr(first);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The mlpc type of a KFP v1 type name; empty for "an artifact of no known kind".
std::string ParameterType(const std::string& kfp) {
  static const std::map<std::string, std::string> kTypes = {
      {"string", "string"}, {"str", "string"},     {"text", "string"},  {"integer", "int"}, {"int", "int"},
      {"float", "float"},   {"double", "float"},   {"boolean", "bool"}, {"bool", "bool"},   {"jsonobject", "dict"},
      {"dict", "dict"},     {"jsonarray", "list"}, {"list", "list"}};
  auto it = kTypes.find(Lower(kfp));
  return it == kTypes.end() ? "" : it->second;
}

std::string ArtifactType(const std::string& kfp) {
  static const std::map<std::string, std::string> kTypes = {
      {"dataset", "dataset"},  {"model", "model"},
      {"metrics", "metrics"},  {"classificationmetrics", "classification_metrics"},
      {"html", "html"},        {"markdown", "markdown"},
      {"artifact", "artifact"}};
  auto it = kTypes.find(Lower(kfp));
  return it == kTypes.end() ? "artifact" : it->second;
}

struct Port {
  std::string name;  // sanitized
  std::string type;  // as written in the file
  const YNode* decl = nullptr;
  const YNode* default_value = nullptr;
  bool optional = false;
  std::string description;
  bool as_value = false, as_path = false;
};

class KfpComponent {
 public:
  explicit KfpComponent(FrontendContext& ctx) : ctx_(ctx) {}

  std::optional<ast::Component> Parse(const YNode& name, const YNode& root) {
    DiagSink& sink = ctx_.sink;
    Fields f(root, "a KFP component file", {"name", "description", "metadata", "inputs", "outputs", "implementation"},
             sink);
    ReadPorts(f.Get("inputs"), inputs_, "inputs");
    ReadPorts(f.Get("outputs"), outputs_, "outputs");
    const YNode* impl = f.Require("implementation");
    if (!impl || !ExpectKind(*impl, YNode::Kind::Map, "`implementation`", sink)) return std::nullopt;
    for (const auto& [k, v] : impl->entries) {
      if (k->value != "graph") continue;
      sink.Report(k->span, diag::GraphComponent{});
      return std::nullopt;
    }
    Fields fi(*impl, "`implementation`", {"container"}, sink);
    const YNode* ctr = fi.Require("container");
    if (!ctr || !ExpectKind(*ctr, YNode::Kind::Map, "`implementation.container`", sink)) return std::nullopt;
    Fields fc(*ctr, "`implementation.container`", {"image", "command", "args", "env", "fileOutputs"}, sink);

    ast::Component c;
    c.name = {name.value, name.span};
    c.span = root.span;
    c.from_kfp = true;
    if (const YNode* d = f.Get("description")) c.description = ScalarString(*d, "`description`", sink).value_or("");
    if (const YNode* image = fc.Require("image")) c.settings.image = SpannedString(image, "`image`", sink);
    if (fc.Get("fileOutputs")) sink.Report(fc.Get("fileOutputs")->span, diag::FileOutputs{});
    if (const YNode* cmd = fc.Get("command")) {
      c.has_command = true;
      ReadArgs(*cmd, c.command, {});
    }
    if (const YNode* args = fc.Get("args")) {
      c.has_args = true;
      ReadArgs(*args, c.args, {});
    }
    if (const YNode* env = fc.Get("env"); env && ExpectKind(*env, YNode::Kind::Map, "`env`", sink)) {
      for (const auto& [k, v] : env->entries) {
        ast::EnvVar e;
        e.name = {k->value, k->span};
        e.span = v->span;
        if (auto t = ParseTemplateNode(*v, "an env value", sink)) e.value = std::move(*t);
        c.settings.env.push_back(std::move(e));
      }
    }
    for (const Port& p : inputs_) c.inputs.push_back(Decl(p, true));
    for (const Port& p : outputs_) c.outputs.push_back(Decl(p, false));
    return c;
  }

 private:
  void ReadPorts(const YNode* list, std::vector<Port>& out, std::string_view what) {
    if (!list || !ExpectKind(*list, YNode::Kind::Seq, fmt::format("`{}`", what), ctx_.sink)) return;
    for (const YNode* item : list->items) {
      if (!ExpectKind(*item, YNode::Kind::Map, fmt::format("an item of `{}`", what), ctx_.sink)) continue;
      Fields f(*item, fmt::format("an item of `{}`", what),
               {"name", "type", "description", "default", "optional", "annotations"}, ctx_.sink);
      Port p;
      p.decl = item;
      auto n = SpannedString(f.Require("name"), "`name`", ctx_.sink);
      if (!n) continue;
      p.name = Sanitize(n->value);
      names_[n->value] = p.name;
      if (const YNode* t = f.Get("type")) p.type = t->IsScalar() ? t->value : "";
      if (const YNode* d = f.Get("description"))
        p.description = ScalarString(*d, "`description`", ctx_.sink).value_or("");
      p.default_value = f.Get("default");
      if (const YNode* o = f.Get("optional")) p.optional = ScalarBool(*o, "`optional`", ctx_.sink).value_or(false);
      out.push_back(std::move(p));
    }
  }

  Port* Find(std::vector<Port>& ports, const YNode& ref) {
    for (Port& p : ports)
      if (p.decl && p.decl->Get("name") && p.decl->Get("name")->value == ref.value) return &p;
    return nullptr;
  }

  // One placeholder as a template piece, or literal text.
  bool Piece(const YNode& n, std::vector<mlpc::Piece>& out) {
    DiagSink& sink = ctx_.sink;
    if (n.IsScalar()) {
      out.push_back(mlpc::Piece{n.value, nullptr, n.span});
      return true;
    }
    if (!n.IsMap() || n.entries.size() != 1) {
      sink.Report(n.span, diag::PlaceholderShape{});
      return false;
    }
    const std::string& kind = n.entries[0].first->value;
    const YNode& arg = *n.entries[0].second;
    if (kind == "concat") {
      if (!ExpectKind(arg, YNode::Kind::Seq, "`concat`", sink)) return false;
      bool ok = true;
      for (const YNode* part : arg.items) ok = Piece(*part, out) && ok;
      return ok;
    }
    if (kind == "executorInput") {
      auto e = std::make_shared<Expr>();
      e->kind = Expr::Kind::Ref;
      e->ref.parts = {"executor_input"};
      e->ref.spans = {n.span};
      e->ref.span = n.span;
      e->span = n.span;
      out.push_back(mlpc::Piece{"", e, n.span});
      return true;
    }
    bool input = kind == "inputValue" || kind == "inputPath" || kind == "inputUri";
    bool uri = kind == "inputUri" || kind == "outputUri";
    if (!input && kind != "outputPath" && kind != "outputUri") {
      sink.Report(n.entries[0].first->span, diag::PlaceholderKind{.kind = kind});
      return false;
    }
    Port* p = Find(input ? inputs_ : outputs_, arg);
    if (!arg.IsScalar() || !p) {
      std::vector<std::string> names;
      for (const Port& q : input ? inputs_ : outputs_)
        if (q.decl && q.decl->Get("name")) names.push_back(q.decl->Get("name")->value);
      std::string word = arg.IsScalar() ? arg.value : "";
      if (input)
        sink.Report(arg.span, diag::PlaceholderUnknownInput{.name = word, .suggestion = DidYouMean(word, names)});
      else
        sink.Report(arg.span, diag::PlaceholderUnknownOutput{.name = word, .suggestion = DidYouMean(word, names)});
      return false;
    }
    (kind == "inputValue" ? p->as_value : p->as_path) = true;
    auto e = std::make_shared<Expr>();
    e->kind = Expr::Kind::Ref;
    e->ref.parts = {input ? "inputs" : "outputs", p->name};
    e->ref.spans = {arg.span, arg.span};
    if (uri) {
      e->ref.parts.push_back("uri");
      e->ref.spans.push_back(arg.span);
    }
    e->ref.span = arg.span;
    e->span = arg.span;
    out.push_back(mlpc::Piece{"", e, n.span});
    return true;
  }

  void ReadArgs(const YNode& list, std::vector<ast::Template>& out,
                const std::vector<std::pair<std::string, bool>>& only_if) {
    DiagSink& sink = ctx_.sink;
    if (!ExpectKind(list, YNode::Kind::Seq, "a KFP argument list", sink)) return;
    for (const YNode* item : list.items) {
      if (item->IsMap() && item->entries.size() == 1 && item->entries[0].first->value == "if") {
        const YNode& body = *item->entries[0].second;
        if (!ExpectKind(body, YNode::Kind::Map, "`if`", sink)) continue;
        Fields f(body, "`if`", {"cond", "then", "else"}, sink);
        const YNode* cond = f.Require("cond");
        const YNode* present = cond && cond->IsMap() ? cond->Get("isPresent") : nullptr;
        if (!present || !present->IsScalar() || !Find(inputs_, *present)) {
          sink.Report(cond ? cond->span : body.span, diag::PlaceholderIfCondition{});
          continue;
        }
        std::string input = Find(inputs_, *present)->name;
        for (bool branch : {true, false}) {
          const YNode* part = f.Get(branch ? "then" : "else");
          if (!part) continue;
          auto cond_list = only_if;
          cond_list.emplace_back(input, branch);
          ReadArgs(*part, out, cond_list);
        }
        continue;
      }
      ast::Template t;
      t.span = item->span;
      t.only_if = only_if;
      if (Piece(*item, t.pieces)) out.push_back(std::move(t));
    }
  }

  ast::IoDecl Decl(const Port& p, bool is_input) {
    ast::IoDecl d;
    SourceSpan at = p.decl->Get("name") ? p.decl->Get("name")->span : p.decl->span;
    d.name = {p.name, at};
    d.span = p.decl->span;
    std::string param = ParameterType(p.type);
    // Read as a value and never as a path: a parameter, a string when the type says nothing.
    bool parameter = !param.empty() ? !(is_input && p.as_path && !p.as_value) : (is_input && p.as_value && !p.as_path);
    std::string type = parameter ? (param.empty() ? "string" : param) : ArtifactType(p.type);
    const YNode* type_node = p.decl->Get("type");
    d.type = {type, type_node ? type_node->span : at};
    d.description = p.description;
    d.optional = p.optional;
    if (p.default_value && parameter) d.default_value = DefaultValue(*p.default_value, type);
    return d;
  }

  // KFP v1 writes defaults as strings; they take the declared type.
  std::optional<ast::Value> DefaultValue(const YNode& n, const std::string& type) {
    ast::Value v;
    v.is_literal = true;
    v.span = n.span;
    std::string s = n.IsScalar() ? n.value : "";
    std::optional<ast::json> value;
    if (type == "int") {
      if (auto i = ParseInt64(s)) value = *i;
    } else if (type == "float") {
      if (auto d = ParseFiniteDouble(s)) value = *d;
    } else if (type == "bool") {
      value = Lower(s) == "true";
    } else if (type == "list" || type == "dict") {
      ast::json j = ast::json::parse(s, nullptr, /*allow_exceptions=*/false);
      if (!j.is_discarded()) value = std::move(j);
    } else {
      value = s;
    }
    if (!value) {
      if (type == "int")
        ctx_.sink.Report(n.span, diag::DefaultNotInt{.value = Elide(s)});
      else
        ctx_.sink.Report(n.span, diag::DefaultNotType{.value = Elide(s), .type = type});
      return std::nullopt;
    }
    v.literal = std::move(*value);
    return v;
  }

  FrontendContext& ctx_;
  std::vector<Port> inputs_, outputs_;
  std::map<std::string, std::string> names_;
};

}  // namespace

std::optional<ast::Component> ParseKfpComponent(FrontendContext& ctx, const YNode& name, const YNode& root) {
  return KfpComponent(ctx).Parse(name, root);
}

}  // namespace mlpc
