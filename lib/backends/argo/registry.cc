#include <fmt/format.h>

#include "backends/argo/argo_internal.h"

namespace mlpc::argo {

std::string Registry::Free(const std::vector<std::string>& names) const {
  for (const std::string& n : names)
    if (!names_.count(n)) return n;
  for (int i = 2;; ++i) {
    std::string n = fmt::format("{}-{}", names.front(), i);
    if (!names_.count(n)) return n;
  }
}

std::string Registry::Reserve(const std::string& name) {
  std::string n = Free({name});
  names_.insert(n);
  templates_.emplace_back(n, Doc());
  return n;
}

void Registry::Set(const std::string& name, Doc body) {
  for (auto& [n, b] : templates_)
    if (n == name) b = std::move(body);
}

std::string Registry::Add(const std::vector<std::string>& names, Doc body) {
  std::string key = body.dump();
  auto it = by_body_.find(key);
  if (it != by_body_.end()) {
    // The same body under a name of the same family (a component used by many tasks).
    for (size_t i : it->second) {
      const std::string& have = templates_[i].first;
      for (const std::string& n : names)
        if (have == n || have.rfind(names.front() + "-", 0) == 0) return have;
    }
  }
  std::string n = Free(names);
  names_.insert(n);
  by_body_[key].push_back(templates_.size());
  templates_.emplace_back(n, std::move(body));
  return n;
}

const std::string* Registry::Named(const void* key) const {
  auto it = named_.find(key);
  return it == named_.end() ? nullptr : &it->second;
}

Doc Registry::ToList() const {
  Doc list = Doc::array();
  for (const auto& [name, body] : templates_) {
    Doc t = Doc::object();
    t["name"] = name;
    for (const auto& [k, v] : body.items()) t[k] = v;
    list.push_back(std::move(t));
  }
  return list;
}

}  // namespace mlpc::argo
