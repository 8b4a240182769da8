// The long texts of `mlpc explain CODE`: what each rule is and why it exists, an example
// that triggers it, and the fix. Each is docs/diagnostics/CODE.md, embedded at build time
// (lib/CMakeLists.txt); `mlpc explain` prints it as plain text, SARIF carries both forms.
// The test docs/explanation-examples lints each Example and Fix.

#include "diag/diagnostic.h"
#include "explanations_source.h"

namespace mlpc {

std::string_view ExplanationMarkdown(Code code) {
  std::string_view id = Info(code).id;
  for (const ExplanationSource& e : kExplanationSources)
    if (e.id == id) return e.markdown;
  return {};
}

// The Markdown without its title; `## Example` and its fenced block become `Example:`
// and the block indented by four spaces, the form a terminal shows.
std::string Explanation(Code code) {
  std::string_view md = ExplanationMarkdown(code);
  std::string out;
  bool in_fence = false, after_heading = false, first = true;
  while (!md.empty()) {
    size_t nl = md.find('\n');
    std::string_view line = md.substr(0, nl);
    md = nl == std::string_view::npos ? std::string_view() : md.substr(nl + 1);
    if (first) {  // the title, `# CODE: name`, and the blank line after it
      first = false;
      if (line.rfind("# ", 0) == 0) {
        if (md.rfind('\n', 0) == 0) md.remove_prefix(1);
        continue;
      }
    }
    if (line.rfind("```", 0) == 0) {
      in_fence = !in_fence;
      after_heading = false;
      continue;
    }
    if (in_fence) {
      if (!line.empty()) out.append("    ").append(line);
      out += '\n';
      continue;
    }
    if (after_heading && line.empty()) continue;  // between `## Example` and its block
    after_heading = false;
    if (line.rfind("## ", 0) == 0) {
      out.append(line.substr(3)).append(":\n");
      after_heading = true;
      continue;
    }
    out.append(line);
    if (nl != std::string_view::npos) out += '\n';
  }
  return out;
}

}  // namespace mlpc
