#include "ir/cond_groups.h"

#include <map>

namespace mlpc::ir {

bool SameCond(const Cond& a, const Cond& b) {
  if (a.kind != b.kind || a.operands.size() != b.operands.size()) return false;
  switch (a.kind) {
    case Cond::Kind::Ref:
      if (a.ref.kind != b.ref.kind || a.ref.index != b.ref.index || a.ref.output != b.ref.output ||
          a.ref.keys != b.ref.keys || a.ref.fan_in != b.ref.fan_in)
        return false;
      break;
    case Cond::Kind::Bool:
    case Cond::Kind::String:
      if (a.literal != b.literal) return false;
      break;
    case Cond::Kind::Number:
      if (a.text != b.text) return false;  // `1` and `1.0` render differently in CEL
      break;
    default:
      break;
  }
  for (size_t i = 0; i < a.operands.size(); ++i)
    if (!SameCond(a.operands[i], b.operands[i])) return false;
  return true;
}

void Conjuncts(const Cond& c, std::vector<const Cond*>& out) {
  if (c.kind == Cond::Kind::And && c.operands.size() == 2) {
    Conjuncts(c.operands[0], out);
    Conjuncts(c.operands[1], out);
    return;
  }
  out.push_back(&c);
}

namespace {

bool UsesItem(const Cond& c) {
  if (c.kind == Cond::Kind::Ref && c.ref.kind == Ref::Kind::Item) return true;
  for (const Cond& o : c.operands)
    if (UsesItem(o)) return true;
  return false;
}

// Agrees with SameCond: equal conditions hash equal.
size_t CondHash(const Cond& c) {
  size_t h = std::hash<int>{}(static_cast<int>(c.kind));
  auto mix = [&](size_t v) { h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
  switch (c.kind) {
    case Cond::Kind::Ref:
      mix(static_cast<size_t>(c.ref.kind));
      mix(static_cast<size_t>(c.ref.index));
      mix(static_cast<size_t>(c.ref.output));
      for (const std::string& k : c.ref.keys) mix(std::hash<std::string>{}(k));
      break;
    case Cond::Kind::Bool:
    case Cond::Kind::String:
      mix(std::hash<std::string>{}(c.literal.dump()));
      break;
    case Cond::Kind::Number:
      mix(std::hash<std::string>{}(c.text));
      break;
    default:
      break;
  }
  for (const Cond& o : c.operands) mix(CondHash(o));
  return h;
}

bool SameList(const std::vector<const Cond*>& a, const std::vector<const Cond*>& b, size_t n) {
  if (a.size() < n || b.size() < n) return false;
  for (size_t i = 0; i < n; ++i)
    if (!SameCond(*a[i], *b[i])) return false;
  return true;
}

// Whether contracting every group (at its own level) leaves the task graph acyclic.
bool Acyclic(const Pipeline& p, const CondGroups& cg) {
  size_t n = p.tasks.size();
  auto chain = [&](int t) {
    std::vector<int> c;
    for (int g = cg.of_task[t]; g >= 0; g = cg.groups[g].parent) c.insert(c.begin(), g);
    return c;
  };
  std::vector<std::vector<int>> chains(n);
  for (size_t t = 0; t < n; ++t) chains[t] = chain(static_cast<int>(t));
  // Every unit (a task, or a group seen from its parent) belongs to one level, and an
  // edge joins two units of one level: a cycle in the union is a cycle of one level.
  std::vector<std::vector<size_t>> edges(n + cg.groups.size());
  for (size_t t = 0; t < n; ++t) {
    if (p.tasks[t].is_finally) continue;
    const std::vector<int>& ct = chains[t];
    for (int d : p.tasks[t].deps) {
      if (d == static_cast<int>(t) || p.tasks[d].is_finally) continue;
      const std::vector<int>& cd = chains[d];
      size_t k = 0;
      while (k < ct.size() && k < cd.size() && ct[k] == cd[k]) ++k;
      size_t ut = k < ct.size() ? n + ct[k] : t, ud = k < cd.size() ? n + cd[k] : static_cast<size_t>(d);
      if (ut != ud) edges[ut].push_back(ud);
    }
  }
  std::vector<char> color(edges.size(), 0);
  for (size_t s = 0; s < edges.size(); ++s) {
    if (color[s]) continue;
    std::vector<std::pair<size_t, size_t>> stack{{s, 0}};
    color[s] = 1;
    while (!stack.empty()) {
      auto& [u, i] = stack.back();
      if (i == edges[u].size()) {
        color[u] = 2;
        stack.pop_back();
        continue;
      }
      size_t v = edges[u][i++];
      if (color[v] == 1) return false;
      if (!color[v]) {
        color[v] = 1;
        stack.push_back({v, 0});
      }
    }
  }
  return true;
}

}  // namespace

bool CondGroups::Encloses(int g, int inner) const {
  for (int x = inner; x >= 0; x = groups[x].parent)
    if (x == g) return true;
  return false;
}

bool IsGroupable(const Task& t) { return t.when && !t.is_finally && !t.all_done && !UsesItem(*t.when); }

CondGroups GroupConditions(const Pipeline& p) {
  CondGroups cg;
  size_t n = p.tasks.size();
  cg.of_task.assign(n, -1);
  // The distinct conjunct lists, in the order they first appear.
  // Looked up by the hashes of their conjuncts: thousands of conditions compare only with
  // equal ones.
  std::vector<std::vector<const Cond*>> lists;
  std::vector<std::vector<size_t>> hashes;
  std::map<std::vector<size_t>, std::vector<int>> by_hash;
  auto find = [&](const std::vector<const Cond*>& c, const std::vector<size_t>& h) {
    auto it = by_hash.find(h);
    if (it != by_hash.end())
      for (int l : it->second)
        if (SameList(lists[l], c, c.size())) return l;
    return -1;
  };
  std::vector<int> list_of(n, -1);
  for (size_t t = 0; t < n; ++t) {
    if (!IsGroupable(p.tasks[t])) continue;
    std::vector<const Cond*> c;
    Conjuncts(*p.tasks[t].when, c);
    std::vector<size_t> h;
    for (const Cond* x : c) h.push_back(CondHash(*x));
    int found = find(c, h);
    if (found < 0) {
      found = static_cast<int>(lists.size());
      by_hash[h].push_back(found);
      lists.push_back(std::move(c));
      hashes.push_back(std::move(h));
    }
    list_of[t] = found;
  }
  // Each list's parent: the longest other list that is a proper prefix of it.
  std::vector<int> parent_list(lists.size(), -1);
  for (size_t l = 0; l < lists.size(); ++l)
    for (size_t k = lists[l].size() - 1; k >= 1 && parent_list[l] < 0; --k) {
      std::vector<const Cond*> prefix(lists[l].begin(), lists[l].begin() + static_cast<long>(k));
      parent_list[l] = find(prefix, std::vector<size_t>(hashes[l].begin(), hashes[l].begin() + static_cast<long>(k)));
    }
  std::map<int, int> group_of_list;
  auto make = [&](int parent, const std::vector<const Cond*>& full) {
    CondGroup g;
    g.parent = parent;
    g.full = full;
    size_t from = parent >= 0 ? cg.groups[parent].full.size() : 0;
    g.own.assign(full.begin() + static_cast<long>(from), full.end());
    cg.groups.push_back(std::move(g));
    return static_cast<int>(cg.groups.size()) - 1;
  };
  // The group of a list, made with its parents when it is first asked for.
  auto group_for = [&](auto& self, int l) -> int {
    auto it = group_of_list.find(l);
    if (it != group_of_list.end()) return it->second;
    int parent = parent_list[l] >= 0 ? self(self, parent_list[l]) : -1;
    int g = make(parent, lists[l]);
    group_of_list[l] = g;
    return g;
  };
  // Every task in its list's group: acyclic unless a task outside a group reads one member
  // and is read by another, which is rare; only then is each task placed in turn.
  for (size_t t = 0; t < n; ++t)
    if (list_of[t] >= 0) cg.of_task[t] = group_for(group_for, list_of[t]);
  if (Acyclic(p, cg)) return cg;
  cg.groups.clear();
  group_of_list.clear();
  cg.of_task.assign(n, -1);
  for (size_t t = 0; t < n; ++t) {
    if (list_of[t] < 0) continue;
    size_t before = cg.groups.size();
    int g = group_for(group_for, list_of[t]);
    bool fresh_top = cg.groups.size() > before && cg.groups[g].parent < 0;
    cg.of_task[t] = g;
    if (fresh_top || Acyclic(p, cg)) continue;
    // Joining would make a task wait for itself through another: a group of its own.
    cg.of_task[t] = make(-1, lists[list_of[t]]);
  }
  return cg;
}

}  // namespace mlpc::ir
