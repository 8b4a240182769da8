// How mlpc types, names and literals read in KFP IR.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "backends/kfp/kfp_internal.h"
#include "backends/names.h"

namespace mlpc::kfp {

std::string ParameterType(const ir::Type& t) {
  switch (t.kind) {
    case ir::TypeKind::Int: return "NUMBER_INTEGER";
    case ir::TypeKind::Float: return "NUMBER_DOUBLE";
    case ir::TypeKind::Bool: return "BOOLEAN";
    case ir::TypeKind::List: return "LIST";
    case ir::TypeKind::Dict: return "STRUCT";
    default: return "STRING";
  }
}

Doc ArtifactType(const ir::Type& t) {
  std::string title;
  switch (t.kind) {
    case ir::TypeKind::Dataset: title = "system.Dataset"; break;
    case ir::TypeKind::Model: title = "system.Model"; break;
    case ir::TypeKind::Metrics: title = "system.Metrics"; break;
    case ir::TypeKind::ClassificationMetrics: title = "system.ClassificationMetrics"; break;
    case ir::TypeKind::Html: title = "system.HTML"; break;
    case ir::TypeKind::Markdown: title = "system.Markdown"; break;
    case ir::TypeKind::SystemArtifact: title = "system." + t.system; break;
    default: title = "system.Artifact"; break;
  }
  return Doc{{"schemaTitle", title}, {"schemaVersion", "0.0.1"}};
}

std::string PyJson(const ir::json& v) {
  if (v.is_array()) {
    std::string s = "[";
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + PyJson(v[i]);
    return s + "]";
  }
  if (v.is_object()) {
    std::string s = "{";
    bool first = true;
    for (const auto& [k, x] : v.items()) {
      s += (first ? "" : ", ") + ir::json(k).dump() + ": " + PyJson(x);
      first = false;
    }
    return s + "}";
  }
  return v.dump();
}

std::string SdkName(const std::string& s) {
  std::string out = Slug(s);
  return out.empty() ? "component" : out;
}

std::string Seconds(int64_t s) { return fmt::format("{}s", s); }

std::string Emitter::FreeName(const std::string& base) {
  std::string n = base;
  int& i = next_suffix.try_emplace(base, 2).first->second;
  while (names.count(n) || (n != base && user_names.count(n))) n = fmt::format("{}-{}", base, i++);
  names.insert(n);
  return n;
}

std::string Emitter::GroupName(const std::string& kind) {
  std::string n;
  do n = fmt::format("{}-{}", kind, ++group_counter);
  while (names.count(n) || user_names.count(n));
  names.insert(n);
  return n;
}


Node& Dag::Add(const std::string& name) {
  nodes.emplace_back();
  nodes.back().name = name;
  return nodes.back();
}

}  // namespace mlpc::kfp
