#include "ir/lower_settings.h"

namespace mlpc::lower {
namespace {

void MergeMap(std::vector<std::pair<std::string, std::string>>& into, const ast::StringMap& from) {
  for (const auto& [k, v] : from) {
    bool replaced = false;
    for (auto& [ik, iv] : into) {
      if (ik == k.value) {
        iv = v.value;
        replaced = true;
      }
    }
    if (!replaced) into.emplace_back(k.value, v.value);
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
      bool replaced = false;
      for (const ast::EnvVar*& have : m.env) {
        if (have->name.value == e.name.value) {
          have = &e;
          replaced = true;
        }
      }
      if (!replaced) m.env.push_back(&e);
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
