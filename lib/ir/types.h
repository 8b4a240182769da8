// The type system of docs/spec.md, section 4: parameters and artifacts, with the KFP spellings.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "support/json.h"

namespace mlpc::ir {

enum class TypeKind {
  String, Int, Float, Bool, List, Dict,  // parameters
  AnyParam,  // an element of a list whose element type is not declared
  Artifact, Dataset, Model, Metrics, ClassificationMetrics, Html, Markdown, SystemArtifact,
};

struct Type {
  TypeKind kind = TypeKind::String;
  std::string system;  // SystemArtifact: the title after `system.`, e.g. "SlicedClassificationMetrics"

  bool IsArtifact() const { return kind >= TypeKind::Artifact; }
  bool IsParameter() const { return !IsArtifact(); }
  // The spec spelling: "int", "dataset", "system.SlicedClassificationMetrics".
  std::string Name() const;
  friend bool operator==(const Type&, const Type&) = default;
};

// "int", "NUMBER_INTEGER", "system.Model", ...; nullopt when unknown.
std::optional<Type> ParseType(std::string_view name);
// Whether a value of type `from` may feed an input of type `to` (docs/spec.md, section 4).
bool Assignable(const Type& from, const Type& to);
// Whether a literal JSON value has the type (ints are also floats).
bool LiteralFits(const Json& v, const Type& t);
// The type of a literal JSON value (string, int, float, bool, list, dict).
Type LiteralType(const Json& v);

}  // namespace mlpc::ir
