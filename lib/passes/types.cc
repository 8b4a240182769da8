// Types: values given to inputs, defaults, enums, loop lists and pipeline outputs.
#include <fmt/format.h>

#include "diag/messages.h"
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
    ctx.sink.Report(io.default_value->span,
                    diag::ArtifactDefault{.what = what, .name = io.name, .type = io.type.Name()});
    return;
  }
  for (const auto& e : io.enum_values) {
    if (!ir::LiteralFits(e.value, io.type))
      ctx.sink.Report(e.span, diag::EnumValueType{.value = Show(e.value),
                                                  .what = what,
                                                  .name = io.name,
                                                  .kind = JsonKind(e.value),
                                                  .type = io.type.Name()});
  }
  if (!io.default_value || !io.default_value->is_literal) return;
  const ir::json& v = io.default_value->literal;
  if (v.is_null() && io.optional) return;
  if (!ir::LiteralFits(v, io.type)) {
    ctx.sink.Report(io.default_value->span,
                    diag::DefaultType{
                        .what = what, .name = io.name, .kind = JsonKind(v), .value = Show(v), .type = io.type.Name()});
  } else if (!io.enum_values.empty() && !InEnum(v, io.enum_values)) {
    ctx.sink.Report(io.default_value->span, diag::DefaultNotInEnum{.value = Show(v), .what = what, .name = io.name});
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
      ctx.sink.Report(a.value.span, diag::LiteralArtifact{.where = where, .type = in.type.Name()});
    } else if (!ir::LiteralFits(v, in.type)) {
      ctx.sink.Report(a.value.span,
                      diag::LiteralType{.where = where, .type = in.type.Name(), .value = Show(v), .kind = JsonKind(v)});
    } else if (!in.enum_values.empty() && !InEnum(v, in.enum_values)) {
      ctx.sink.Report(a.value.span, diag::LiteralNotInEnum{.value = Show(v), .where = where});
    }
    return;
  }
  auto type = ValueType(a.value);
  if (!type || ir::Assignable(*type, in.type)) return;
  std::string source = a.value.text.IsWholeRef() ? Quote(a.value.text.pieces[0].ref->path.Text())
                                                 : std::string("the value, embedded in a larger string,");
  Diagnostic& d = ctx.sink.Report(
      a.value.span,
      diag::ReferenceType{.where = where, .type = in.type.Name(), .source = source, .source_type = type->Name()});
  if (in.type_span.Valid())
    d.notes.push_back({in.type_span, fmt::format("`{}` is declared {} here", in.name, in.type.Name())});
}

}  // namespace

void CheckTypes(const ir::Pipeline& p, PassContext& ctx) {
  for (const ir::Io& param : p.params) {
    if (param.type.IsArtifact()) {
      ctx.sink.Report(param.type_span, diag::ArtifactParam{.param = param.name, .type = param.type.Name()});
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
        ctx.sink.Report(t.loop->ref.span, diag::ForeachNotList{.ref = t.loop->ref.path.Text(), .type = ty.Name()});
    }
    if (t.loop && t.loop->kind == ir::Loop::Kind::List && t.loop->items.empty())
      ctx.sink.Report(t.loop->span, diag::ForeachEmpty{});
  }
  for (const ir::Output& o : p.outputs) {
    for (const ir::Value* v : o.Values()) {
      bool task_output = !v->is_literal && v->text.IsWholeRef() &&
                         (v->text.pieces[0].ref->kind == ir::Ref::Kind::TaskOutput ||
                          v->text.pieces[0].ref->kind == ir::Ref::Kind::Unresolved);
      if (task_output) continue;
      if (o.one_of.empty())
        ctx.sink.Report(v->span, diag::OutputNotTaskOutput{.output = o.name});
      else
        ctx.sink.Report(v->span, diag::OneOfNotTaskOutput{.output = o.name});
    }
  }
}

}  // namespace mlpc
