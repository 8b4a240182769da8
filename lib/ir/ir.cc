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
