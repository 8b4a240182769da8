// Source files and spans: every diagnostic points at file:line:col of a YAML node.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mlpc {

using FileId = uint32_t;  // 0 means "no file"

// A 1-based position and a length in bytes on that line; line 0 means "no location".
// Renderers turn byte columns into character columns (SourceManager::DisplayColumn).
struct SourceSpan {
  FileId file = 0;
  uint32_t line = 0;
  uint32_t col = 0;
  uint32_t len = 0;

  bool Valid() const { return file != 0 && line != 0; }
  // The span `offset` bytes further along the same line, `n` bytes long.
  SourceSpan Sub(uint32_t offset, uint32_t n) const {
    return SourceSpan{file, line, col + offset, n};
  }
  friend bool operator<(const SourceSpan& a, const SourceSpan& b) {
    if (a.file != b.file) return a.file < b.file;
    if (a.line != b.line) return a.line < b.line;
    return a.col < b.col;
  }
  friend bool operator==(const SourceSpan&, const SourceSpan&) = default;
};

// A value with the span it was written at.
template <class T>
struct Spanned {
  T value{};
  SourceSpan span;
  friend bool operator==(const Spanned&, const Spanned&) = default;
};

// Owns the text of every file read in one run, so that spans stay cheap and renderers
// can show the offending line.
class SourceManager {
 public:
  FileId Add(std::string path, std::string text);
  const std::string& Path(FileId id) const;
  const std::string& Text(FileId id) const;
  // The text of a 1-based line without its newline; empty when out of range.
  std::string_view Line(FileId id, uint32_t line) const;
  size_t FileCount() const { return files_.size(); }
  // Spans count bytes; people count characters. The 1-based character column of a span.
  uint32_t DisplayColumn(const SourceSpan& span) const;

 private:
  struct File {
    std::string path;
    std::string text;
    std::vector<size_t> line_starts;
  };
  std::vector<std::unique_ptr<File>> files_;
};

}  // namespace mlpc
