// An output stream buffer over a file descriptor that keeps the first write error, so
// that a failed write (a closed stdout, a full disk, a pipe nobody reads) is reported
// with its reason instead of vanishing into a stream's failbit.
#pragma once

#include <streambuf>
#include <vector>

namespace mlpc {

class FdStreamBuf : public std::streambuf {
 public:
  // A negative `fd` stands for a descriptor the caller closed: every write fails as
  // writing to it would (EBADF). Nothing is written before a flush or 64 KiB.
  explicit FdStreamBuf(int fd);
  ~FdStreamBuf() override;
  FdStreamBuf(const FdStreamBuf&) = delete;
  FdStreamBuf& operator=(const FdStreamBuf&) = delete;

  // The errno of the first failed write, 0 when every write succeeded. After a failure
  // nothing more is written and the stream reports bad().
  int error() const { return error_; }

 protected:
  int_type overflow(int_type c) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

 private:
  bool Flush();
  bool WriteAll(const char* p, size_t n);

  int fd_;
  int error_ = 0;
  std::vector<char> buf_;
};

}  // namespace mlpc
