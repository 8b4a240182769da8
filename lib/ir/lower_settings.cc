#include "ir/lower_settings.h"

#include <string_view>
#include <unordered_map>

namespace mlpc::lower {
namespace {

// Sets `from` over `into` key by key (a key already there keeps its place), in time
// linear in both: one task's map may hold 100,000 keys.
void MergeMap(std::vector<std::pair<std::string, std::string>>& into, const ast::StringMap& from) {
  if (from.empty()) return;
  into.reserve(into.size() + from.size());  // `at` points into these keys: no reallocation
  std::unordered_map<std::string_view, size_t> at;
  for (size_t i = 0; i < into.size(); ++i) at.emplace(into[i].first, i);
  for (const auto& [k, v] : from) {
    auto [it, fresh] = at.emplace(k.value, into.size());
    if (fresh)
      into.emplace_back(k.value, v.value);
    else
      into[it->second].second = v.value;
  }
}

template <class T>
void Take(std::optional<T>& into, const std::optional<T>& from) {
  if (from) into = from;
}

}  // namespace

Merged MergeSettings(const std::vector<const ast::Settings*>& layers) {
  Merged m;
  ir::Settings& s = m.settings;
  std::unordered_map<std::string_view, size_t> env_at;  // m.env by name (AST strings)
  for (const ast::Settings* l : layers) {
    if (!l) continue;
    Take(m.image, l->image);
    Take(s.retry, l->retry);
    Take(s.cache, l->cache);
    Take(s.timeout_s, l->timeout_s);
    if (l->resources) {
      const ast::Resources& r = *l->resources;
      Take(s.resources.cpu, r.cpu);
      Take(s.resources.memory, r.memory);
      Take(s.resources.cpu_limit, r.cpu_limit);
      Take(s.resources.memory_limit, r.memory_limit);
      Take(s.resources.gpu, r.gpu);
      Take(s.resources.gpu_type, r.gpu_type);
      s.resources.span = r.span;
    }
    for (const ast::EnvVar& e : l->env) {
      auto [it, fresh] = env_at.emplace(e.name.value, m.env.size());
      if (fresh)
        m.env.push_back(&e);
      else
        m.env[it->second] = &e;
    }
    if (l->volumes) s.volumes = *l->volumes;
    MergeMap(s.node_selector, l->node_selector);
    if (l->tolerations) s.tolerations = *l->tolerations;
    MergeMap(s.labels, l->labels);
    MergeMap(s.annotations, l->annotations);
    if (l->image_pull_secrets) {
      s.image_pull_secrets.clear();
      for (const auto& n : *l->image_pull_secrets) s.image_pull_secrets.push_back(n.value);
    }
  }
  return m;
}

}  // namespace mlpc::lower
