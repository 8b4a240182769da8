#include "backends/names.h"

#include <cctype>

namespace mlpc {

Doc TolerationDoc(const ir::Toleration& t, bool seconds_as_string) {
  Doc d = Doc::object();
  if (!t.key.empty()) d["key"] = t.key;
  using Op = ir::Toleration::Operator;
  using Effect = ir::Toleration::Effect;
  if (t.op != Op::Unset) d["operator"] = t.op == Op::Exists ? "Exists" : "Equal";
  if (!t.value.empty()) d["value"] = t.value;
  if (t.effect != Effect::Unset)
    d["effect"] = t.effect == Effect::NoSchedule         ? "NoSchedule"
                  : t.effect == Effect::PreferNoSchedule ? "PreferNoSchedule"
                                                         : "NoExecute";
  if (t.seconds) d["tolerationSeconds"] = seconds_as_string ? Doc(std::to_string(*t.seconds)) : Doc(*t.seconds);
  return d;
}

std::string Slug(std::string_view s) {
  std::string out;
  for (char c : s) {
    char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9')) out += l;
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::string ParameterText(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump();  // numbers, bools, and lists or dicts as compact JSON
}

}  // namespace mlpc
