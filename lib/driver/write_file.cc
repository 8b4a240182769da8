#include "driver/write_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>
#include <ostream>
#include <random>

#include "driver/driver.h"
#include "driver/fd_stream.h"
#include "frontend/files.h"

namespace mlpc {

namespace {

// The temporary file being written, for the signal handler to remove. A handler reaches
// only globals and may do only async-signal-safe work (unlink a path kept in a fixed
// buffer), so this is the one place where a global is unavoidable. One slot: outputs are
// written one at a time.
char g_temp_path[PATH_MAX];
volatile sig_atomic_t g_temp_armed = 0;

constexpr int kCleanupSignals[] = {SIGINT, SIGTERM, SIGHUP};

extern "C" void RemoveTempAndReraise(int sig) {
  if (g_temp_armed) unlink(g_temp_path);
  // The action is back to the default (SA_RESETHAND) and `sig` is blocked until the
  // handler returns: raised again, it then ends the process as if never caught.
  raise(sig);
}

// Holds the cleanup signals back while alive, so that the temporary file and the
// handler's record of it change together.
class SignalsHeld {
 public:
  SignalsHeld() {
    sigset_t set;
    sigemptyset(&set);
    for (int sig : kCleanupSignals) sigaddset(&set, sig);
    pthread_sigmask(SIG_BLOCK, &set, &old_);
  }
  ~SignalsHeld() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
  SignalsHeld(const SignalsHeld&) = delete;
  SignalsHeld& operator=(const SignalsHeld&) = delete;

  // Whether a signal held back will end the process once let through: then the output
  // must not be renamed into place.
  static bool Fatal() {
    sigset_t pending;
    if (sigpending(&pending) != 0) return false;
    for (int sig : kCleanupSignals) {
      struct sigaction act {};
      if (sigismember(&pending, sig) && sigaction(sig, nullptr, &act) == 0 &&
          (act.sa_handler == SIG_DFL || act.sa_handler == RemoveTempAndReraise))
        return true;
    }
    return false;
  }

 private:
  sigset_t old_;
};

void Arm(const std::string& path) {
  if (path.size() >= sizeof g_temp_path) return;  // open() would have refused it already
  std::memcpy(g_temp_path, path.c_str(), path.size() + 1);
  g_temp_armed = 1;
}

void Disarm() { g_temp_armed = 0; }

// `.NAME.mlpc-XXXXXX`: hidden beside the target, recognisably mlpc's, and unpredictable,
// so that nobody can plant a file or a symlink at it beforehand.
std::string TempName(const std::string& name) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  unsigned char bytes[6];
  if (getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes)) {
    std::random_device rd;
    for (unsigned char& b : bytes) b = static_cast<unsigned char>(rd());
  }
  std::string suffix;
  for (unsigned char b : bytes) suffix += kAlphabet[b % (sizeof kAlphabet - 1)];
  // Within NAME_MAX (255) whatever the target's name.
  return fmt::format(".{}.mlpc-{}", name.substr(0, 200), suffix);
}

// A temporary file beside the target, removed unless committed (also when an exception
// passes, such as the output bound's).
class TempFile {
 public:
  ~TempFile() {
    if (fd_ >= 0) close(fd_);
    if (path_.empty()) return;
    SignalsHeld held;
    unlink(path_.c_str());
    Disarm();
  }

  // Creates it exclusively, never through a symlink; errno set when false.
  bool Create(const std::filesystem::path& dir, const std::string& name) {
    SignalsHeld held;
    for (int attempt = 0; attempt < 100; ++attempt) {
      std::string path = (dir / TempName(name)).string();
      // 0666: the umask applies, so the output gets a normal file's permissions.
      fd_ = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
      if (fd_ >= 0) {
        path_ = path;
        Arm(path_);
        return true;
      }
      if (errno != EEXIST) return false;
    }
    return false;
  }

  int fd() const { return fd_; }

  // Makes the written file durable and renames it to `target`; errno set when false.
  bool Commit(const std::string& target) {
    if (fsync(fd_) != 0) return false;
    int fd = fd_;
    fd_ = -1;
    if (close(fd) != 0) return false;
    SignalsHeld held;
    if (SignalsHeld::Fatal()) {
      errno = EINTR;
      return false;
    }
    if (rename(path_.c_str(), target.c_str()) != 0) return false;
    path_.clear();
    Disarm();
    return true;
  }

 private:
  int fd_ = -1;
  std::string path_;
};

bool SameFile(const struct stat& a, const struct stat& b) { return a.st_dev == b.st_dev && a.st_ino == b.st_ino; }

}  // namespace

bool WriteAtomically(const std::string& path, const std::string& data, std::string& error) {
  return WriteAtomically(
      path,
      [&](std::ostream& out) {
        out << data;
        return true;
      },
      error);
}

bool WriteAtomically(const std::string& path, const std::function<bool(std::ostream&)>& produce, std::string& error) {
  namespace fs = std::filesystem;
  fs::path target(path);
  fs::path dir = target.parent_path();
  std::error_code ec;
  if (!dir.empty()) fs::create_directories(dir, ec);
  TempFile tmp;
  if (!tmp.Create(dir, target.filename().string())) {
    error = fmt::format("cannot write `{}`: {}", path, std::strerror(errno));
    return false;
  }
  {
    FdStreamBuf buf(tmp.fd());
    std::ostream out(&buf);
    if (!produce(out)) return false;
    out.flush();
    if (buf.error()) {
      error = fmt::format("cannot write `{}`: {}", path, std::strerror(buf.error()));
      return false;
    }
  }
  if (!tmp.Commit(path)) {
    error = fmt::format("cannot write `{}`: {}", path, std::strerror(errno));
    return false;
  }
  return true;
}

std::string RefuseOutput(const std::string& path, const std::vector<std::string>& inputs) {
  struct stat out {};
  if (lstat(path.c_str(), &out) != 0) return {};  // nothing there yet; the write reports what else fails
  for (const std::string& input : inputs) {
    if (input == "-") continue;
    struct stat in {};
    if ((stat(input.c_str(), &in) == 0 && SameFile(in, out)) || (lstat(input.c_str(), &in) == 0 && SameFile(in, out)))
      return fmt::format("output `{}` is the input `{}`; name another output file", path, input);
  }
  if (S_ISDIR(out.st_mode)) return fmt::format("output `{}` is a directory; name a file, or use --out-dir", path);
  if (!S_ISREG(out.st_mode) && !S_ISLNK(out.st_mode))
    return fmt::format("output `{}` is a {}; mlpc writes only regular files", path, FileKind(out.st_mode));
  return {};
}

std::string OutputLeavesRoot(const std::string& path, const std::vector<std::string>& roots, bool follow_name) {
  Walked w = WalkPath(path, roots, follow_name);
  if (w.problem.empty()) return {};
  if (w.root.empty()) return fmt::format("output `{}` {}", path, w.problem);
  return fmt::format("output `{}` passes a symlink inside `{}` that {}; remove the symlink, or name another output",
                     path, w.root, w.problem);
}

ExistingOutput ReadExistingOutput(const std::string& path, size_t max_bytes) {
  ExistingOutput r;
  auto refuse = [&](std::string why) {
    r.kind = ExistingOutput::Refused;
    r.error = std::move(why);
    return r;
  };
  struct stat before {};
  if (stat(path.c_str(), &before) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return r;  // Missing
    return refuse(fmt::format("cannot read `{}`: {}", path, std::strerror(errno)));
  }
  // Known before opening, so that no device is even opened.
  auto not_regular = [&](mode_t mode) {
    return refuse(fmt::format("`{}` is a {}; --check compares with a regular file", path, FileKind(mode)));
  };
  if (!S_ISREG(before.st_mode)) return not_regular(before.st_mode);
  int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return refuse(fmt::format("cannot read `{}`: {}", path, std::strerror(errno)));
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || !SameFile(st, before)) {
    close(fd);
    return not_regular(st.st_mode);  // replaced since the stat
  }
  r.kind = ExistingOutput::Read;
  char chunk[64 << 10];
  while (r.text.size() < max_bytes) {
    ssize_t n = read(fd, chunk, std::min(sizeof chunk, max_bytes - r.text.size()));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int e = errno;
      close(fd);
      return refuse(fmt::format("cannot read `{}`: {}", path, std::strerror(e)));
    }
    if (n == 0) break;
    r.text.append(chunk, static_cast<size_t>(n));
  }
  close(fd);
  return r;
}

void RemoveTempFileOnSignals() {
  struct sigaction act {};
  act.sa_handler = RemoveTempAndReraise;
  sigemptyset(&act.sa_mask);
  for (int sig : kCleanupSignals) sigaddset(&act.sa_mask, sig);
  act.sa_flags = SA_RESETHAND | SA_RESTART;
  for (int sig : kCleanupSignals) {
    struct sigaction old {};
    if (sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    sigaction(sig, &act, nullptr);
  }
}

}  // namespace mlpc
