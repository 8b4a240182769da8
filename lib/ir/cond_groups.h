// How the tasks of a pipeline share KFP condition groups (docs/kfp.md, "Condition
// groups"). Computed here, not in the backend, because the KFP capability pass reports
// reads across groups (W0106) from the same layout the backend writes.
#pragma once

#include <vector>

#include "ir/ir.h"

namespace mlpc::ir {

// Structural equality of two conditions after lowering: operators, references (what
// they name, not how they are spelled) and literals (as written); spans are ignored.
bool SameCond(const Cond& a, const Cond& b);

// The conjuncts of a condition: `A && (B && C)` is [A, B, C]; anything else is itself.
void Conjuncts(const Cond& c, std::vector<const Cond*>& out);

struct CondGroup {
  int parent = -1;                // the enclosing group; -1: the pipeline's DAG (or its exit handler)
  std::vector<const Cond*> own;   // the conjuncts it tests itself (its parent tested the rest)
  std::vector<const Cond*> full;  // every conjunct a task inside it has passed
};

struct CondGroups {
  std::vector<CondGroup> groups;  // parents before children
  // Task index -> the innermost shared group it sits in; -1 for a task outside every
  // shared group (no `when`, or one that gets a group of its own, see IsGroupable).
  std::vector<int> of_task;
  // Whether group `g` is `inner` or one of the groups around it.
  bool Encloses(int g, int inner) const;
};

// Whether a task's `when` can share a group: it is not a `finally` task, not `run_if:
// all_done` (the group's trigger policy would apply to every task in it), and its
// condition does not read `item` (tested inside the task's own loop).
bool IsGroupable(const Task& t);

// Tasks whose conjuncts are equal share one group; a task whose conjuncts extend (as a
// prefix, in the order written) those of another group nests in the group with the
// longest such prefix and tests the rest. A task joins its group only while that keeps
// the DAG of every level acyclic; otherwise it gets a group of its own.
CondGroups GroupConditions(const Pipeline& p);

}  // namespace mlpc::ir
