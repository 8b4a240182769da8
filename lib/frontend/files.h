// Reading files safely. A spec is untrusted input (docs/spec.md, section 1): the files it
// names are confined to one root, and every file mlpc reads must be a regular file, read
// up to a limit, so that a device, a FIFO or a file outside the repository cannot be read.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace mlpc {

// What was checked about a path, to detect a swap between the check and the open.
struct FileIdentity {
  dev_t dev = 0;
  ino_t ino = 0;
};

// The real path of the nearest directory at or above `dir` that holds `.git` (a directory,
// or the file a git worktree has), else of `dir` itself. An empty `dir` is the current one.
std::string FindRoot(const std::string& dir);
// Whether path `p` is `root` or below it, comparing whole components (both absolute).
bool InsideRoot(const std::string& root, const std::string& p);
// Where `path` leads, resolved component by component as the kernel resolves it (each
// symlink read, also one whose target does not exist), and whether a symlink on the way
// that lies inside one of `roots` leads out of that root or into its `.git`: a committed
// symlink is the spec's author's, one outside every root the user's. The last component
// is followed only with `follow_last`. Fails closed: a path that cannot be resolved
// (too many symlinks, too long) has a problem too.
struct Walked {
  std::string problem;  // why the path may not be used, for messages; "" when it may
  std::string root;     // with `problem`: the root of the symlink, which "leads out of it"
  std::string real;     // where it leads, missing components appended
};
Walked WalkPath(const std::string& path, const std::vector<std::string>& roots, bool follow_last);
// What a file that is not a regular one is, for messages: "directory", "FIFO", ...
std::string_view FileKind(mode_t mode);

// Whether a path a spec names may be read (see Confine).
struct Confined {
  std::string problem;  // why not, in words that name no content of the target; "" when it may
  std::string real;     // its real path; "" when it does not resolve (see `error`)
  int error = 0;        // errno of resolving it, when `real` is ""
  FileIdentity id;      // what `real` was when checked
};

// Checks `written`, a path that a file in directory `from_dir` names, against the
// confinement rules of `root` (a real path): relative, no `.git` part, a `.yaml` or `.yml`
// name, and inside `root` once `..` and every symlink are resolved. Nothing is opened.
Confined Confine(const std::string& root, const std::string& from_dir, const std::string& written);

enum class ReadStatus { Ok, CannotOpen, NotRegular, TooLarge, ReadFailed, Changed };

struct ReadResult {
  ReadStatus status = ReadStatus::Ok;
  int error = 0;             // errno, for CannotOpen and ReadFailed
  std::string kind;          // for NotRegular: "a directory", "a FIFO", ...
  bool is_directory = false;
  uint64_t size = 0;         // for TooLarge: the size fstat gave (0: found while reading)
  std::string text;
};

// Opens `path` without blocking (a FIFO cannot stall the open), checks with fstat that it
// is a regular file (and, with `expect`, the same file that was checked, opened without
// following a last symlink), and reads at most `limit` bytes of it.
ReadResult ReadRegularFile(const std::string& path, size_t limit, const FileIdentity* expect = nullptr);

// Reads a stream to its end in chunks, holding no more than `limit` bytes.
ReadResult ReadStream(std::istream& in, size_t limit);

}  // namespace mlpc
