#include "driver/lint_report.h"

#include <ostream>

namespace mlpc {

void WriteLintReport(const std::string& format, const std::vector<LintFile>& files, std::ostream& out) {
  (void)format;
  (void)files;
  (void)out;
}

}  // namespace mlpc
