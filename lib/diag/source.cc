#include "diag/source.h"

namespace mlpc {

FileId SourceManager::Add(std::string path, std::string text) {
  auto f = std::make_unique<File>();
  f->path = std::move(path);
  f->text = std::move(text);
  f->line_starts.push_back(0);
  for (size_t i = 0; i < f->text.size(); ++i)
    if (f->text[i] == '\n') f->line_starts.push_back(i + 1);
  files_.push_back(std::move(f));
  return static_cast<FileId>(files_.size());
}

const std::string& SourceManager::Path(FileId id) const {
  static const std::string kNone;
  return id == 0 || id > files_.size() ? kNone : files_[id - 1]->path;
}

const std::string& SourceManager::Text(FileId id) const {
  static const std::string kNone;
  return id == 0 || id > files_.size() ? kNone : files_[id - 1]->text;
}

std::string_view SourceManager::Line(FileId id, uint32_t line) const {
  if (id == 0 || id > files_.size() || line == 0) return {};
  const File& f = *files_[id - 1];
  if (line > f.line_starts.size()) return {};
  size_t begin = f.line_starts[line - 1];
  size_t end = line < f.line_starts.size() ? f.line_starts[line] - 1 : f.text.size();
  std::string_view sv(f.text);
  sv = sv.substr(begin, end - begin);
  if (!sv.empty() && sv.back() == '\r') sv.remove_suffix(1);
  return sv;
}

uint32_t SourceManager::DisplayColumn(const SourceSpan& span) const {
  std::string_view line = Line(span.file, span.line);
  uint32_t col = 1;
  for (size_t i = 0; i + 1 < span.col && i < line.size(); ++i)
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++col;
  if (span.col > line.size() + 1) col += span.col - static_cast<uint32_t>(line.size()) - 1;
  return col;
}

}  // namespace mlpc
