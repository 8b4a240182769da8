#include "ir/types.h"

#include <cctype>

namespace mlpc::ir {

std::string Type::Name() const {
  switch (kind) {
    case TypeKind::String: return "string";
    case TypeKind::Int: return "int";
    case TypeKind::Float: return "float";
    case TypeKind::Bool: return "bool";
    case TypeKind::List: return "list";
    case TypeKind::Dict: return "dict";
    case TypeKind::AnyParam: return "any";
    case TypeKind::Artifact: return "artifact";
    case TypeKind::Dataset: return "dataset";
    case TypeKind::Model: return "model";
    case TypeKind::Metrics: return "metrics";
    case TypeKind::ClassificationMetrics: return "classification_metrics";
    case TypeKind::Html: return "html";
    case TypeKind::Markdown: return "markdown";
    case TypeKind::SystemArtifact: return "system." + system;
  }
  return "string";
}

std::optional<Type> ParseType(std::string_view n) {
  static const std::pair<std::string_view, TypeKind> kNames[] = {
      {"string", TypeKind::String},
      {"int", TypeKind::Int},
      {"float", TypeKind::Float},
      {"bool", TypeKind::Bool},
      {"list", TypeKind::List},
      {"dict", TypeKind::Dict},
      {"artifact", TypeKind::Artifact},
      {"dataset", TypeKind::Dataset},
      {"model", TypeKind::Model},
      {"metrics", TypeKind::Metrics},
      {"classification_metrics", TypeKind::ClassificationMetrics},
      {"html", TypeKind::Html},
      {"markdown", TypeKind::Markdown},
      {"STRING", TypeKind::String},
      {"NUMBER_INTEGER", TypeKind::Int},
      {"NUMBER_DOUBLE", TypeKind::Float},
      {"BOOLEAN", TypeKind::Bool},
      {"LIST", TypeKind::List},
      {"STRUCT", TypeKind::Dict},
      {"system.Artifact", TypeKind::Artifact},
      {"system.Dataset", TypeKind::Dataset},
      {"system.Model", TypeKind::Model},
      {"system.Metrics", TypeKind::Metrics},
      {"system.ClassificationMetrics", TypeKind::ClassificationMetrics},
      {"system.HTML", TypeKind::Html},
      {"system.Markdown", TypeKind::Markdown},
  };
  for (const auto& [name, kind] : kNames)
    if (name == n) return Type{kind, ""};
  // Other KFP system artifact types, e.g. system.SlicedClassificationMetrics.
  if (n.size() > 7 && n.substr(0, 7) == "system." && std::isupper(static_cast<unsigned char>(n[7]))) {
    for (char c : n.substr(7))
      if (!std::isalnum(static_cast<unsigned char>(c))) return std::nullopt;
    return Type{TypeKind::SystemArtifact, std::string(n.substr(7))};
  }
  return std::nullopt;
}

bool Assignable(const Type& from, const Type& to) {
  if (from == to) return true;
  if (from.kind == TypeKind::AnyParam && to.IsParameter()) return true;
  if (from.kind == TypeKind::Int && to.kind == TypeKind::Float) return true;
  if (from.IsArtifact() && to.kind == TypeKind::Artifact) return true;
  return false;
}

bool LiteralFits(const Json& v, const Type& t) {
  switch (t.kind) {
    case TypeKind::String: return v.is_string();
    case TypeKind::Int: return v.is_number_integer();
    case TypeKind::Float: return v.is_number();
    case TypeKind::Bool: return v.is_boolean();
    case TypeKind::List: return v.is_array();
    case TypeKind::Dict: return v.is_object();
    case TypeKind::AnyParam: return !v.is_null();
    default: return false;  // artifacts have no literals
  }
}

Type LiteralType(const Json& v) {
  if (v.is_boolean()) return Type{TypeKind::Bool, ""};
  if (v.is_number_integer()) return Type{TypeKind::Int, ""};
  if (v.is_number()) return Type{TypeKind::Float, ""};
  if (v.is_array()) return Type{TypeKind::List, ""};
  if (v.is_object()) return Type{TypeKind::Dict, ""};
  return Type{TypeKind::String, ""};
}

}  // namespace mlpc::ir
