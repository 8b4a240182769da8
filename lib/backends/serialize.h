// The one serializer of every backend: a document tree (ordered JSON) to YAML or JSON
// bytes, deterministically. Key order is the tree's insertion order.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace mlpc {

using Doc = nlohmann::ordered_json;

// Block-style YAML as a person writes it: short scalar lists in flow style, multi-line
// strings as literal blocks, strings quoted whenever YAML 1.1 or 1.2 would read them as
// anything but a string.
std::string ToYaml(const Doc& doc);
// Several documents as one YAML stream (`---` between them).
std::string ToYamlStream(const std::vector<Doc>& docs);
// Two-space indented JSON with a trailing newline.
std::string ToJsonText(const Doc& doc);
// Whether a plain scalar would be read as something other than this string.
bool NeedsQuotes(const std::string& s);

}  // namespace mlpc
