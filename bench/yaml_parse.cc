// The floor bench/run.sh compares `mlpc compile` with: yaml-cpp alone loading the same
// file into its own node tree, as a whole process (start-up included).
//   bench_yaml_parse FILE
#include <yaml-cpp/yaml.h>

#include <iostream>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: bench_yaml_parse FILE\n";
    return 2;
  }
  try {
    YAML::Node doc = YAML::LoadFile(argv[1]);
    // Touch the tree so the load cannot be skipped.
    std::cout << (doc.IsMap() ? doc.size() : 0) << "\n";
  } catch (const YAML::Exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  return 0;
}
