#include "driver/fd_stream.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace mlpc {

namespace {
constexpr size_t kBufferSize = 64 << 10;  // the writers' chunk size
}

FdStreamBuf::FdStreamBuf(int fd) : fd_(fd), buf_(kBufferSize) { setp(buf_.data(), buf_.data() + buf_.size()); }

// A destructor cannot report; owners flush first and read error().
FdStreamBuf::~FdStreamBuf() { Flush(); }

bool FdStreamBuf::WriteAll(const char* p, size_t n) {
  if (error_) return false;
  if (fd_ < 0) {
    error_ = EBADF;
    return false;
  }
  while (n > 0) {
    ssize_t w = ::write(fd_, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      error_ = w < 0 ? errno : EIO;
      return false;
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

bool FdStreamBuf::Flush() {
  size_t n = static_cast<size_t>(pptr() - pbase());
  setp(buf_.data(), buf_.data() + buf_.size());
  return n == 0 || WriteAll(buf_.data(), n);
}

FdStreamBuf::int_type FdStreamBuf::overflow(int_type c) {
  if (!Flush()) return traits_type::eof();
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  *pptr() = traits_type::to_char_type(c);
  pbump(1);
  return c;
}

std::streamsize FdStreamBuf::xsputn(const char* s, std::streamsize n) {
  auto size = static_cast<size_t>(n);
  if (size <= static_cast<size_t>(epptr() - pptr())) {
    std::memcpy(pptr(), s, size);
    pbump(static_cast<int>(size));
    return n;
  }
  // A chunk larger than the room left goes out directly, without another copy.
  if (!Flush() || !WriteAll(s, size)) return 0;
  return n;
}

int FdStreamBuf::sync() { return Flush() ? 0 : -1; }

}  // namespace mlpc
