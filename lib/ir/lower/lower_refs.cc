#include "ir/lower/lower_refs.h"

namespace mlpc::lower {

using ir::Ref;
using ir::Type;
using ir::TypeKind;

Ref ResolveRef(const ir::RefPath& path, const RefScope& s) {
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
    auto found = s.param_index.find(parts[1]);
    int i = found == s.param_index.end() ? -1 : found->second;
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
    int o = ir::FindIo(t.impl->outputs, parts[3]);
    if (o < 0) return fail(Ref::Problem::UnknownOutput);
    r.kind = Ref::Kind::TaskOutput;
    r.output = o;
    r.fan_in = t.loop.has_value() && it->second != s.task;
    r.type = r.fan_in ? Type{TypeKind::List, ""} : t.impl->outputs[o].type;
    return r;
  }
  if (root == "item") {
    if (container || s.site == Site::Output || s.site == Site::Foreach) return fail(Ref::Problem::OutOfScope);
    if (s.task < 0 || !s.pipeline.tasks[s.task].loop) return fail(Ref::Problem::ItemOutsideLoop);
    r.keys.assign(parts.begin() + 1, parts.end());
    if (!ir::ItemType(*s.pipeline.tasks[s.task].loop, r.keys, r.type)) return fail(Ref::Problem::UnknownItemKey);
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
