#include <fmt/format.h>

#include "backends/argo/argo_internal.h"

namespace mlpc::argo {

std::string Registry::Free(const std::vector<std::string>& names, Origin origin) {
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string& n = names[i];
    bool own = i == 0 && origin == Origin::User;
    if (!names_.count(n) && (own || !protected_.count(n))) return n;
  }
  // Numbered from where the family's last number left off: a thousand tasks of one
  // component try each number once.
  int& next = next_number_[names.front()];
  for (next = std::max(next, 2);; ++next) {
    std::string n = fmt::format("{}-{}", names.front(), next);
    if (!names_.count(n) && !protected_.count(n)) return n;
  }
}

std::string Registry::Reserve(const std::string& name, Origin origin) {
  std::string n = Free({name}, origin);
  names_.insert(n);
  reserved_[n] = templates_.size();
  templates_.emplace_back(n, Doc());
  return n;
}

void Registry::Set(const std::string& name, Doc body) {
  auto it = reserved_.find(name);
  if (it != reserved_.end()) templates_[it->second].second = std::move(body);
}

std::string Registry::Add(const std::vector<std::string>& names, Doc body, Origin origin) {
  size_t hash = std::hash<Doc>{}(body);
  // The same body under a name of the same family (a component used by many tasks): its
  // first name, or one it named first. Looked up by family and hash, so that thousands of
  // tasks with equal bodies but their own names compare with no other template.
  auto identical = [&](const std::vector<size_t>* candidates) -> const std::string* {
    if (candidates)
      for (size_t i : *candidates)
        if (Identical(templates_[i].second, body)) return &templates_[i].first;
    return nullptr;
  };
  for (const std::string& n : names) {
    auto it = by_family_.find({n, hash});
    if (const std::string* have = identical(it == by_family_.end() ? nullptr : &it->second)) return *have;
  }
  std::string n = Free(names, origin);
  names_.insert(n);
  by_family_[{names.front(), hash}].push_back(templates_.size());
  if (n != names.front()) by_family_[{n, hash}].push_back(templates_.size());
  templates_.emplace_back(n, std::move(body));
  return n;
}

const std::string* Registry::Named(const void* key) const {
  auto it = named_.find(key);
  return it == named_.end() ? nullptr : &it->second;
}

Doc Registry::TakeList() {
  Doc list = Doc::array();
  list.get_ref<Doc::array_t&>().reserve(templates_.size());
  for (auto& [name, body] : templates_) {
    Members members;
    members.reserve(body.size() + 1);
    members.emplace_back("name", name);
    for (auto& [k, v] : body.get_ref<Doc::object_t&>()) members.emplace_back(k, std::move(v));
    Doc t = Doc::object();
    auto& object = t.get_ref<Doc::object_t&>();
    object.reserve(members.size());
    for (auto& [k, v] : members) object.emplace_back(std::move(k), std::move(v));
    list.push_back(std::move(t));
  }
  templates_.clear();
  by_family_.clear();
  next_number_.clear();
  reserved_.clear();
  return list;
}

}  // namespace mlpc::argo
