#include "frontend/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <istream>
#include <vector>

namespace mlpc {

namespace fs = std::filesystem;

namespace {

constexpr size_t kChunk = 64 << 10;

// realpath(3): "" with `error` set when the path does not resolve.
std::string RealPath(const std::string& path, int& error) {
  char* r = ::realpath(path.empty() ? "." : path.c_str(), nullptr);
  if (!r) {
    error = errno;
    return "";
  }
  std::string out(r);
  std::free(r);
  return out;
}

bool HasGitPart(const fs::path& p) {
  return std::any_of(p.begin(), p.end(), [](const fs::path& part) { return part == ".git"; });
}

bool YamlName(const fs::path& p) {
  std::string ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml";
}


}  // namespace

bool InsideRoot(const std::string& root, const std::string& p) {
  if (root == "/") return !p.empty() && p[0] == '/';
  return p.size() >= root.size() && p.compare(0, root.size(), root) == 0 &&
         (p.size() == root.size() || p[root.size()] == '/');
}

Walked WalkPath(const std::string& path, const std::vector<std::string>& roots, bool follow_last) {
  Walked w;
  // Components still to walk, last first; an entry with `root` >= 0 and no name marks
  // the end of a symlink's target that lies inside roots[root].
  struct Step {
    std::string name;
    int root = -1;
  };
  std::vector<Step> todo;
  auto push = [&todo](const std::string& p) {
    std::vector<Step> parts;
    for (const fs::path& c : fs::path(p)) {
      std::string s = c.string();
      if (!s.empty() && s != "/") parts.push_back({s, -1});
    }
    todo.insert(todo.end(), parts.rbegin(), parts.rend());
  };
  int error = 0;
  std::string pos = !path.empty() && path[0] == '/' ? "/" : RealPath(".", error);
  if (pos.empty()) {
    w.problem = std::string("cannot be checked: ") + std::strerror(error);
    return w;
  }
  push(path);
  auto join = [](const std::string& dir, const std::string& name) { return dir == "/" ? "/" + name : dir + "/" + name; };
  int hops = 0;
  while (!todo.empty()) {
    Step step = std::move(todo.back());
    todo.pop_back();
    if (step.name.empty()) {  // the end of a symlink inside roots[step.root]
      const std::string& root = roots[step.root];
      bool into_git = InsideRoot(root, pos) && HasGitPart(fs::path(pos).lexically_relative(root));
      if (!InsideRoot(root, pos) || into_git) {
        w.problem = into_git ? "leads into its `.git`" : "leads out of it";
        w.root = root;
        return w;
      }
      continue;
    }
    if (step.name == ".") continue;
    if (step.name == "..") {
      pos = fs::path(pos).parent_path().string();
      continue;
    }
    std::string next = join(pos, step.name);
    bool last = std::none_of(todo.begin(), todo.end(), [](const Step& s) { return !s.name.empty(); });
    struct stat st;
    if (::lstat(next.c_str(), &st) != 0) {
      if (errno != ENOENT && errno != ENOTDIR) {
        w.problem = std::string("cannot be checked: ") + std::strerror(errno);
        return w;
      }
      pos = next;  // missing: what follows is made, or refused, by whoever uses the path
      continue;
    }
    if (!S_ISLNK(st.st_mode) || (last && !follow_last)) {
      pos = next;
      continue;
    }
    if (++hops > 40) {  // the kernel's own limit (ELOOP)
      w.problem = "cannot be checked: too many levels of symbolic links";
      return w;
    }
    std::string target(PATH_MAX, '\0');
    ssize_t n = ::readlink(next.c_str(), target.data(), target.size());
    if (n < 0 || static_cast<size_t>(n) >= target.size()) {
      w.problem = std::string("cannot be checked: ") + std::strerror(n < 0 ? errno : ENAMETOOLONG);
      return w;
    }
    target.resize(static_cast<size_t>(n));
    for (size_t r = 0; r < roots.size(); ++r)
      if (InsideRoot(roots[r], next)) {
        todo.push_back({"", static_cast<int>(r)});
        break;
      }
    push(target);
    if (!target.empty() && target[0] == '/') pos = "/";
  }
  w.real = pos;
  return w;
}

std::string_view FileKind(mode_t mode) {
  if (S_ISDIR(mode)) return "directory";
  if (S_ISCHR(mode)) return "character device";
  if (S_ISBLK(mode)) return "block device";
  if (S_ISFIFO(mode)) return "FIFO";
  if (S_ISSOCK(mode)) return "socket";
  return "special file";
}

std::string FindRoot(const std::string& dir) {
  int error = 0;
  std::string start = RealPath(dir, error);
  if (start.empty()) return fs::absolute(dir.empty() ? "." : dir).lexically_normal().string();
  for (fs::path p = start;; p = p.parent_path()) {
    struct stat st;
    if (::lstat((p / ".git").c_str(), &st) == 0 && (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode))) return p.string();
    if (p == p.parent_path()) break;
  }
  return start;
}

Confined Confine(const std::string& root, const std::string& from_dir, const std::string& written) {
  Confined c;
  fs::path w(written);
  if (w.is_absolute()) {
    c.problem = "is an absolute path";
  } else if (HasGitPart(w)) {
    c.problem = "is inside a `.git` directory";
  } else if (!YamlName(w.filename())) {
    c.problem = "does not end in `.yaml` or `.yml`";
  }
  if (!c.problem.empty()) return c;
  // `..` is taken lexically from the real directory of the naming file, as the path is
  // opened; the real path then settles every symlink on the way.
  int error = 0;
  std::string base = RealPath(from_dir, error);
  if (base.empty()) base = fs::absolute(from_dir.empty() ? "." : from_dir).lexically_normal().string();
  std::string lexical = (fs::path(base) / w).lexically_normal().string();
  if (!InsideRoot(root, lexical)) {
    c.problem = "leads outside the root through `..`";
    return c;
  }
  c.real = RealPath(lexical, c.error);
  if (c.real.empty()) {
    // Missing: say so only when the part that exists stays inside, so that nothing is
    // learnt about what exists outside.
    // Resolved link by link, so that a symlink to a missing file outside is refused like
    // one to a file that exists there.
    Walked walked = WalkPath(lexical, {root}, true);
    if (!walked.problem.empty() || !InsideRoot(root, walked.real)) c.problem = "leads outside the root through a symlink";
    return c;
  }
  if (!InsideRoot(root, c.real)) {
    c.problem = "leads outside the root through a symlink";
  } else if (HasGitPart(fs::path(c.real).lexically_relative(root))) {
    c.problem = "leads into a `.git` directory through a symlink";
  } else if (!YamlName(c.real)) {
    c.problem = "is a symlink to a file whose name does not end in `.yaml` or `.yml`";
  } else {
    struct stat st;
    if (::lstat(c.real.c_str(), &st) != 0) {
      c.error = errno;
      c.real.clear();
      return c;
    }
    c.id = {st.st_dev, st.st_ino};
  }
  if (!c.problem.empty()) c.real.clear();
  return c;
}

ReadResult ReadRegularFile(const std::string& path, size_t limit, const FileIdentity* expect) {
  ReadResult r;
  int flags = O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC | (expect ? O_NOFOLLOW : 0);
  int fd = ::open(path.c_str(), flags);
  if (fd < 0) {
    r.status = ReadStatus::CannotOpen;
    r.error = errno;
    // A socket cannot be opened at all (ENXIO): say what it is, as for a FIFO or a device.
    struct stat st;
    if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode) &&
        (!expect || (st.st_dev == expect->dev && st.st_ino == expect->ino))) {
      r.status = ReadStatus::NotRegular;
      r.kind = "a " + std::string(FileKind(st.st_mode));
    }
    return r;
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    r.status = ReadStatus::ReadFailed;
    r.error = errno;
    return r;
  }
  if (!S_ISREG(st.st_mode)) {
    r.status = ReadStatus::NotRegular;
    r.kind = "a " + std::string(FileKind(st.st_mode));
    r.is_directory = S_ISDIR(st.st_mode);
    return r;
  }
  if (expect && (st.st_dev != expect->dev || st.st_ino != expect->ino)) {
    r.status = ReadStatus::Changed;
    return r;
  }
  if (static_cast<uint64_t>(st.st_size) > limit) {
    r.status = ReadStatus::TooLarge;
    r.size = static_cast<uint64_t>(st.st_size);
    return r;
  }
  // The size is a hint only (files in /proc say 0, a file may grow): read to one byte
  // past the limit at most.
  r.text.reserve(static_cast<size_t>(st.st_size) + kChunk);  // the last read, at the end, finds 0 bytes
  size_t want = limit == SIZE_MAX ? limit : limit + 1;
  while (r.text.size() < want) {
    size_t n = std::min(kChunk, want - r.text.size());
    size_t old = r.text.size();
    r.text.resize(old + n);
    ssize_t got;
    do got = ::read(fd, r.text.data() + old, n);
    while (got < 0 && errno == EINTR);
    if (got < 0) {
      r.status = ReadStatus::ReadFailed;
      r.error = errno;
      r.text.clear();
      return r;
    }
    r.text.resize(old + static_cast<size_t>(got));
    if (got == 0) break;
  }
  if (r.text.size() > limit) {
    r.status = ReadStatus::TooLarge;
    r.text.clear();
  }
  return r;
}

ReadResult ReadStream(std::istream& in, size_t limit) {
  ReadResult r;
  size_t want = limit == SIZE_MAX ? limit : limit + 1;
  while (in && r.text.size() < want) {
    size_t n = std::min(kChunk, want - r.text.size());
    size_t old = r.text.size();
    r.text.resize(old + n);
    in.read(r.text.data() + old, static_cast<std::streamsize>(n));
    r.text.resize(old + static_cast<size_t>(in.gcount()));
  }
  if (in.bad()) {
    r.status = ReadStatus::ReadFailed;
    r.error = EIO;
    r.text.clear();
  } else if (r.text.size() > limit) {
    r.status = ReadStatus::TooLarge;
    r.text.clear();
  }
  return r;
}

}  // namespace mlpc
