#include "diag/diagnostic.h"

namespace mlpc {

std::string_view Explanation(Code) { return {}; }

}  // namespace mlpc
