// Replays inputs through a libFuzzer entry point in an ordinary build, so every input a
// fuzzer ever crashed on stays in the test suite (tests/fuzz-regressions/).
//   fuzz_replay_X FILE...
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::ifstream f(argv[i], std::ios::binary);
    if (!f) {
      std::cerr << "cannot read " << argv[i] << "\n";
      return 2;
    }
    std::ostringstream buf;
    buf << f.rdbuf();
    std::string data = buf.str();
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(data.data()), data.size());
    std::cout << "ok " << argv[i] << "\n";
  }
  return 0;
}
