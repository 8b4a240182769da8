#include "ir/lower_refs.h"

namespace mlpc::lower {

using ir::Ref;
using ir::Type;
using ir::TypeKind;

Type LiteralType(const ir::json& v) {
  if (v.is_boolean()) return Type{TypeKind::Bool, ""};
  if (v.is_number_integer()) return Type{TypeKind::Int, ""};
  if (v.is_number()) return Type{TypeKind::Float, ""};
  if (v.is_array()) return Type{TypeKind::List, ""};
  if (v.is_object()) return Type{TypeKind::Dict, ""};
  return Type{TypeKind::String, ""};
}

namespace {

// The common type of several values: equal types, int and float widen to float, anything
// else is untyped.
Type Unify(const std::vector<Type>& types) {
  if (types.empty()) return Type{TypeKind::AnyParam, ""};
  Type t = types[0];
  for (const Type& u : types) {
    if (u == t) continue;
    bool numeric = (u.kind == TypeKind::Int || u.kind == TypeKind::Float) &&
                   (t.kind == TypeKind::Int || t.kind == TypeKind::Float);
    if (!numeric) return Type{TypeKind::AnyParam, ""};
    t = Type{TypeKind::Float, ""};
  }
  return t;
}

}  // namespace

bool ItemType(const ir::Loop& loop, const std::vector<std::string>& keys, Type& out) {
  switch (loop.kind) {
    case ast::Foreach::Kind::Range:
      out = Type{TypeKind::Int, ""};
      return keys.empty();
    case ast::Foreach::Kind::Ref:
      out = Type{TypeKind::AnyParam, ""};
      return true;
    case ast::Foreach::Kind::List: break;
  }
  std::vector<Type> types;
  for (const ir::Value& v : loop.items) {
    if (!v.is_literal) {
      types.push_back(Type{TypeKind::String, ""});
      if (!keys.empty()) return false;
      continue;
    }
    const ir::json* cur = &v.literal;
    for (const std::string& k : keys) {
      if (!cur->is_object() || !cur->contains(k)) return false;
      cur = &(*cur)[k];
    }
    types.push_back(LiteralType(*cur));
  }
  out = Unify(types);
  return true;
}

Ref ResolveRef(const RefPath& path, const RefScope& s) {
  Ref r;
  r.path = path;
  r.span = path.span;
  const auto& parts = path.parts;
  auto fail = [&](Ref::Problem p) {
    r.kind = Ref::Kind::Unresolved;
    r.problem = p;
    return r;
  };
  const std::string& root = parts[0];
  bool container = s.site == Site::Container;
  if (root == "params") {
    if (parts.size() != 2) return fail(Ref::Problem::BadShape);
    if (container) return fail(Ref::Problem::OutOfScope);
    int i = ir::FindParam(s.pipeline, parts[1]);
    if (i < 0) return fail(Ref::Problem::UnknownParam);
    r.kind = Ref::Kind::Param;
    r.index = i;
    r.type = s.pipeline.params[i].type;
    return r;
  }
  if (root == "tasks") {
    if (parts.size() != 4 || parts[2] != "outputs") return fail(Ref::Problem::BadShape);
    if (container) return fail(Ref::Problem::OutOfScope);
    auto it = s.task_index.find(parts[1]);
    if (it == s.task_index.end()) return fail(Ref::Problem::UnknownTask);
    const ir::Task& t = s.pipeline.tasks[it->second];
    r.index = it->second;
    bool from_finally = s.task >= 0 && s.pipeline.tasks[s.task].is_finally;
    if (t.is_finally != from_finally || (s.task < 0 && t.is_finally)) return fail(Ref::Problem::FinallyTask);
    int o = ir::FindIo(t.impl.outputs, parts[3]);
    if (o < 0) return fail(Ref::Problem::UnknownOutput);
    r.kind = Ref::Kind::TaskOutput;
    r.output = o;
    r.fan_in = t.loop.has_value() && it->second != s.task;
    r.type = r.fan_in ? Type{TypeKind::List, ""} : t.impl.outputs[o].type;
    return r;
  }
  if (root == "item") {
    if (container || s.site == Site::Output || s.site == Site::Foreach) return fail(Ref::Problem::OutOfScope);
    if (s.task < 0 || !s.pipeline.tasks[s.task].loop) return fail(Ref::Problem::ItemOutsideLoop);
    r.keys.assign(parts.begin() + 1, parts.end());
    if (!ItemType(*s.pipeline.tasks[s.task].loop, r.keys, r.type)) return fail(Ref::Problem::UnknownItemKey);
    r.kind = Ref::Kind::Item;
    return r;
  }
  if (root == "executor_input") {
    bool in_container = container || s.site == Site::InlineContainer;
    if (parts.size() != 1) return fail(Ref::Problem::BadShape);
    if (!in_container) return fail(Ref::Problem::OutOfScope);
    r.kind = Ref::Kind::ExecutorInput;
    r.type = Type{TypeKind::String, ""};
    return r;
  }
  if (root == "inputs" || root == "outputs") {
    bool in_container = container || s.site == Site::InlineContainer || s.site == Site::Env;
    bool uri = parts.size() == 3 && parts[2] == "uri";
    if (parts.size() != 2 && !uri) return fail(Ref::Problem::BadShape);
    if (!in_container || !s.impl) return fail(Ref::Problem::OutOfScope);
    const auto& ios = root == "inputs" ? s.impl->inputs : s.impl->outputs;
    int i = ir::FindIo(ios, parts[1]);
    if (i < 0) return fail(root == "inputs" ? Ref::Problem::UnknownInput : Ref::Problem::UnknownOutput);
    if (uri && !ios[i].type.IsArtifact()) return fail(Ref::Problem::BadShape);
    r.kind = root == "inputs" ? Ref::Kind::Input : Ref::Kind::Output;
    r.index = i;
    r.type = uri ? Type{TypeKind::String, ""} : ios[i].type;
    if (uri) r.keys = {"uri"};
    return r;
  }
  if (root == "pipeline") {
    if (parts.size() != 2) return fail(Ref::Problem::BadShape);
    r.type = Type{TypeKind::String, ""};
    if (parts[1] == "name") {
      r.kind = Ref::Kind::PipelineName;
      return r;
    }
    if (parts[1] == "run_id") {
      r.kind = Ref::Kind::RunId;
      return r;
    }
    if (parts[1] == "status") {
      if (container || s.task < 0 || !s.pipeline.tasks[s.task].is_finally) return fail(Ref::Problem::OutOfScope);
      r.kind = Ref::Kind::PipelineStatus;
      return r;
    }
    return fail(Ref::Problem::BadShape);
  }
  return fail(Ref::Problem::UnknownRoot);
}

}  // namespace mlpc::lower
