#include "ir/ir.h"

namespace mlpc::ir {

bool Text::HasRefs() const {
  for (const Piece& p : pieces)
    if (p.ref) return true;
  return false;
}

std::string Text::Literal() const {
  std::string s;
  for (const Piece& p : pieces) s += p.text;
  return s;
}

void CollectRefs(const Text& t, std::vector<const Ref*>& out) {
  for (const Text::Piece& piece : t.pieces)
    if (piece.ref) out.push_back(&*piece.ref);
}

void CollectRefs(const Cond& c, std::vector<const Ref*>& out) {
  if (c.kind == Expr::Kind::Ref) out.push_back(&c.ref);
  for (const Cond& o : c.operands) CollectRefs(o, out);
}

void TaskRefs(const Task& t, std::vector<const Ref*>& out) {
  for (const Arg& a : t.args)
    if (!a.value.is_literal) CollectRefs(a.value.text, out);
  if (t.when) CollectRefs(*t.when, out);
  if (t.loop && t.loop->kind == ast::Foreach::Kind::Ref) out.push_back(&t.loop->ref);
  if (t.loop)
    for (const Value& item : t.loop->items)
      if (!item.is_literal) CollectRefs(item.text, out);
  for (const Text& c : t.impl.command) CollectRefs(c, out);
  for (const Text& a : t.impl.args) CollectRefs(a, out);
  if (t.impl.script) CollectRefs(*t.impl.script, out);
  for (const EnvVar& e : t.impl.env) CollectRefs(e.value, out);
  CollectRefs(t.impl.image_text, out);
}

int FindTask(const Pipeline& p, std::string_view name) {
  for (size_t i = 0; i < p.tasks.size(); ++i)
    if (p.tasks[i].name == name) return static_cast<int>(i);
  return -1;
}

int FindParam(const Pipeline& p, std::string_view name) { return FindIo(p.params, name); }

int FindIo(const std::vector<Io>& ios, std::string_view name) {
  for (size_t i = 0; i < ios.size(); ++i)
    if (ios[i].name == name) return static_cast<int>(i);
  return -1;
}

}  // namespace mlpc::ir
