// Types: values given to inputs, defaults, enums, loop lists and pipeline outputs.
#include <fmt/format.h>

#include "passes/passes.h"

namespace mlpc {
namespace {

std::string Show(const ir::json& v) {
  std::string s = v.is_string() ? v.get<std::string>() : v.dump();
  return s.size() > 40 ? s.substr(0, 37) + "..." : s;
}

std::string JsonKind(const ir::json& v) {
  if (v.is_string()) return "a string";
  if (v.is_boolean()) return "a bool";
  if (v.is_number_integer()) return "an int";
  if (v.is_number()) return "a float";
  if (v.is_array()) return "a list";
  if (v.is_object()) return "a dict";
  return "null";
}

bool InEnum(const ir::json& v, const std::vector<Spanned<ir::json>>& values) {
  for (const auto& e : values)
    if (e.value == v) return true;
  return false;
}

void CheckDecl(const ir::Io& io, std::string_view what, PassContext& ctx) {
  if (io.type.IsArtifact() && io.default_value) {
    ctx.sink.Report(Code::E0402, io.default_value->span,
                    fmt::format("{} `{}` is an artifact ({}); artifacts have no default", what, io.name, io.type.Name()));
    return;
  }
  for (const auto& e : io.enum_values) {
    if (!ir::LiteralFits(e.value, io.type))
      ctx.sink.Report(Code::E0402, e.span,
                      fmt::format("enum value `{}` of {} `{}` is {}, not {}", Show(e.value), what, io.name,
                                  JsonKind(e.value), io.type.Name()));
  }
  if (!io.default_value || !io.default_value->is_literal) return;
  const ir::json& v = io.default_value->literal;
  if (v.is_null() && io.optional) return;
  if (!ir::LiteralFits(v, io.type)) {
    ctx.sink.Report(Code::E0402, io.default_value->span,
                    fmt::format("the default of {} `{}` is {} (`{}`), but `{}` is {}", what, io.name, JsonKind(v),
                                Show(v), io.name, io.type.Name()));
  } else if (!io.enum_values.empty() && !InEnum(v, io.enum_values)) {
    ctx.sink.Report(Code::E0403, io.default_value->span,
                    fmt::format("the default `{}` of {} `{}` is not in its `enum`", Show(v), what, io.name));
  }
}

// The type a value has, for messages and checks; empty when it cannot be known.
std::optional<ir::Type> ValueType(const ir::Value& v) {
  if (v.is_literal) return std::nullopt;
  if (v.text.IsWholeRef()) {
    const ir::Ref& r = *v.text.pieces[0].ref;
    if (r.kind == ir::Ref::Kind::Unresolved) return std::nullopt;
    return r.type;
  }
  return ir::Type{ir::TypeKind::String, ""};
}

void CheckArg(const ir::Task& t, const ir::Arg& a, PassContext& ctx) {
  const ir::Io& in = t.impl->inputs[a.input];
  if (in.generated) return;
  std::string where = fmt::format("input `{}` of task `{}`", in.name, t.name);
  if (a.value.is_literal) {
    const ir::json& v = a.value.literal;
    if (in.type.IsArtifact()) {
      ctx.sink.Report(Code::E0401, a.value.span,
                      fmt::format("{} is {}, an artifact; a literal cannot be one", where, in.type.Name()),
                      "pass an artifact output: `${{ tasks.TASK.outputs.NAME }}`");
    } else if (!ir::LiteralFits(v, in.type)) {
      ctx.sink.Report(Code::E0402, a.value.span,
                      fmt::format("{} is {}, but the value `{}` is {}", where, in.type.Name(), Show(v), JsonKind(v)));
    } else if (!in.enum_values.empty() && !InEnum(v, in.enum_values)) {
      ctx.sink.Report(Code::E0403, a.value.span, fmt::format("`{}` is not in the `enum` of {}", Show(v), where));
    }
    return;
  }
  auto type = ValueType(a.value);
  if (!type || ir::Assignable(*type, in.type)) return;
  std::string source = a.value.text.IsWholeRef() ? Quote(a.value.text.pieces[0].ref->path.Text())
                                                 : std::string("the value, embedded in a larger string,");
  Diagnostic& d = ctx.sink.Report(Code::E0401, a.value.span,
                                  fmt::format("{} is {}, but {} is {}", where, in.type.Name(), source, type->Name()));
  if (in.type_span.Valid()) d.notes.push_back({in.type_span, fmt::format("`{}` is declared {} here", in.name, in.type.Name())});
}

}  // namespace

void CheckTypes(const ir::Pipeline& p, PassContext& ctx) {
  for (const ir::Io& param : p.params) {
    if (param.type.IsArtifact()) {
      ctx.sink.Report(Code::E0209, param.type_span,
                      fmt::format("param `{}` is declared {}, an artifact type; pipeline params are values", param.name,
                                  param.type.Name()),
                      "declare the param as a string (a URI) and let a task read the data");
      continue;
    }
    CheckDecl(param, "param", ctx);
  }
  for (const ir::Task& t : p.tasks) {
    if (!t.sub) {
      for (const ir::Io& in : t.impl->inputs)
        if (!in.generated) CheckDecl(in, "input", ctx);
    }
    for (const ir::Arg& a : t.args) CheckArg(t, a, ctx);
    if (t.loop && t.loop->kind == ir::Loop::Kind::Ref && t.loop->ref.kind != ir::Ref::Kind::Unresolved) {
      const ir::Type& ty = t.loop->ref.type;
      if (ty.kind != ir::TypeKind::List && ty.kind != ir::TypeKind::AnyParam)
        ctx.sink.Report(Code::E0405, t.loop->ref.span,
                        fmt::format("`foreach` needs a list, but `{}` is {}", t.loop->ref.path.Text(), ty.Name()));
    }
    if (t.loop && t.loop->kind == ir::Loop::Kind::List && t.loop->items.empty())
      ctx.sink.Report(Code::E0405, t.loop->span, "the `foreach` list is empty");
  }
  for (const ir::Output& o : p.outputs) {
    for (const ir::Value* v : o.Values()) {
      bool task_output = !v->is_literal && v->text.IsWholeRef() &&
                         (v->text.pieces[0].ref->kind == ir::Ref::Kind::TaskOutput ||
                          v->text.pieces[0].ref->kind == ir::Ref::Kind::Unresolved);
      if (task_output) continue;
      if (o.one_of.empty())
        ctx.sink.Report(Code::E0211, v->span,
                        fmt::format("pipeline output `{}` must be one reference to a task output", o.name),
                        "write `${{ tasks.TASK.outputs.NAME }}`");
      else
        ctx.sink.Report(Code::E0211, v->span,
                        fmt::format("each alternative in `one_of` of output `{}` must be one reference to a task "
                                    "output",
                                    o.name),
                        "write `${{ tasks.TASK.outputs.NAME }}`");
    }
  }
}

}  // namespace mlpc
