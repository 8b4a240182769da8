// How outputs reach the file system (docs/security.md): through a temporary file of
// mlpc's own, renamed into place whole, never onto an input, a directory or a device,
// and removed when a signal ends the process mid-write. WriteAtomically is declared in
// driver/driver.h.
#pragma once

#include <string>
#include <vector>

namespace mlpc {

// Why `path` must not be written as an output, or empty when it may: it exists and is
// a directory, a device, a FIFO or a socket (a symlink may be: the rename replaces it,
// never following it), or it is the same file (device and inode) as one of `inputs`
// ("-" is skipped) or as the file an input symlink names.
std::string RefuseOutput(const std::string& path, const std::vector<std::string>& inputs);

// Why `path` must not be written (or, with `follow_name`, read by --check), or empty when
// it may: a symlink on its way that lies inside one of `roots` (the repositories of the
// specs and of the current directory) leads out of that root or into its `.git` (a
// committed `out -> /etc`, or with `follow_name` one at the name itself), or the path
// cannot be resolved. Symlinks outside every root are the user's and are followed.
std::string OutputLeavesRoot(const std::string& path, const std::vector<std::string>& roots, bool follow_name);

// The existing output --check compares with, read at most `max_bytes` far (a longer
// file differs anyway). Opened without blocking (a FIFO) and read only when it is a
// regular file, so a device or FIFO cannot hang or flood the check.
struct ExistingOutput {
  enum Kind { Read, Missing, Refused } kind = Missing;
  std::string text;   // Read: up to max_bytes of the file
  std::string error;  // Refused: why, for the user
};
ExistingOutput ReadExistingOutput(const std::string& path, size_t max_bytes);

// From now on SIGINT, SIGTERM and SIGHUP remove the temporary file being written, if
// any, and then end the process by the same signal (the shell sees 130, 143, 129). A
// signal the process was started with ignored (nohup) stays ignored. For the command
// line; a library caller keeps its own handlers.
void RemoveTempFileOnSignals();

}  // namespace mlpc
