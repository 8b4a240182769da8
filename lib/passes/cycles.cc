// Cycles: the task graph (data references and `after`) must be acyclic. The error
// prints the cycle as a path of task names.
#include <fmt/format.h>

#include "diag/messages.h"
#include "passes/passes.h"

namespace mlpc {

void CheckCycles(const ir::Pipeline& p, PassContext& ctx) {
  const size_t n = p.tasks.size();
  // Iterative depth-first search: pipelines may hold tens of thousands of tasks.
  enum : uint8_t { kWhite, kGrey, kBlack };
  std::vector<uint8_t> color(n, kWhite);
  std::vector<int> parent(n, -1);
  for (size_t start = 0; start < n; ++start) {
    if (color[start] != kWhite) continue;
    std::vector<std::pair<int, size_t>> stack = {{static_cast<int>(start), 0}};
    color[start] = kGrey;
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      const std::vector<int>& deps = p.tasks[node].deps;
      if (next == deps.size()) {
        color[node] = kBlack;
        stack.pop_back();
        continue;
      }
      int up = deps[next++];
      if (color[up] == kWhite) {
        color[up] = kGrey;
        parent[up] = node;
        stack.push_back({up, 0});
      } else if (color[up] == kGrey) {
        // `node` depends on `up`, which is on the current path: walk back to it.
        std::vector<int> cycle = {up};
        for (int v = node; v != up && v >= 0; v = parent[v]) cycle.push_back(v);
        cycle.push_back(up);
        std::string path;
        for (size_t i = 0; i < cycle.size(); ++i) path += (i ? " -> " : "") + p.tasks[cycle[i]].name;
        const ir::Task& at = p.tasks[up];
        if (cycle.size() == 2) {
          ctx.sink.Report(at.span, diag::TaskDependsOnItself{.task = at.name});
        } else {
          Diagnostic& d = ctx.sink.Report(at.span, diag::DependencyCycle{.path = path});
          for (size_t i = 1; i + 1 < cycle.size(); ++i)
            d.notes.push_back({p.tasks[cycle[i]].span, fmt::format("`{}` is on the cycle", p.tasks[cycle[i]].name)});
        }
        return;  // one cycle at a time: the next shows once this one is broken
      }
    }
  }
}

}  // namespace mlpc
