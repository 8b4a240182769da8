// Pieces both backends make the same way: names from user text, Kubernetes fragments.
#pragma once

#include <string>
#include <string_view>

#include "backends/serialize.h"
#include "ir/settings.h"

namespace mlpc {

// A Kubernetes toleration; `tolerationSeconds` is an integer, or a string where the
// format writes int64 as a string (proto JSON, as in KFP's PlatformSpec).
Doc TolerationDoc(const ir::Toleration& t, bool seconds_as_string);

// A literal as a workflow parameter's string (Argo parameters, Argo Events values):
// strings as they are, null as empty, anything else as compact JSON.
std::string ParameterText(const Json& v);

// "Empty-Dir/var Scratch_1" -> "empty-dir-var-scratch-1"; empty when nothing is left.
std::string Slug(std::string_view s);

}  // namespace mlpc
