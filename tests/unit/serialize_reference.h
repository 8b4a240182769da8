// The emitter-based YAML writer and regex-based NeedsQuotes that the fast serializer
// replaced, kept as the oracle of serialize_test.cc.
#pragma once

#include <string>
#include <vector>

#include "backends/serialize.h"

namespace mlpc::reference {

std::string ToYaml(const Doc& doc);
bool NeedsQuotes(const std::string& s);

}  // namespace mlpc::reference
