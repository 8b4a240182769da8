#!/usr/bin/env bash
# Builds the mlpc binary the ways other people build it, each in its own directory under
# build-matrix/, and prints one line per configuration: pass or fail, the warnings the
# compiler gave, the log. Warnings are not errors here (MLPC_WERROR off, as for users and
# packagers): a configuration fails when it does not build, or when its binary does not
# write the committed Argo output of an example.
#   scripts/build-matrix.sh [CONFIG...]    CONFIG: debian minsizerel clang (default: all)
#   debian      Debian's packaging flags, as debhelper's cmake build passes them:
#               CMAKE_BUILD_TYPE=None and dpkg-buildflags' CXXFLAGS and LDFLAGS, with
#               CPPFLAGS appended to CXXFLAGS (CMake ignores CPPFLAGS; debhelper merges
#               them the same way). DEB_BUILD_MAINT_OPTIONS applies (hardening=+all...).
#   minsizerel  CMAKE_BUILD_TYPE=MinSizeRel (-Os)
#   clang       clang++ instead of g++, the default build type
# Needs the build set of scripts/install-deps.sh, dpkg-dev (dpkg-buildflags) and clang;
# a configuration whose tool is missing is skipped, and says so. JOBS sets the
# parallelism; CMAKE_CXX_COMPILER_LAUNCHER=ccache in the environment is honoured.
set -euo pipefail
cd "$(dirname "$0")/.."
configs=("$@")
[ ${#configs[@]} -gt 0 ] || configs=(debian minsizerel clang)
jobs=${JOBS:-$(nproc)}
example=examples/fraud-training.yaml
expected=examples/out/fraud-training.argo.yaml
failed=0

# build NAME CMAKE-ARGS...: configure build-matrix/NAME (the test suite off: only the
# binary is built), build the target mlpc, check its output; one line of result.
build() {
  local name=$1; shift
  local dir=build-matrix/$name log=build-matrix/$name.log
  mkdir -p build-matrix
  if cmake -S . -B "$dir" -G Ninja -DMLPC_WERROR=OFF -DMLPC_BUILD_TESTS=OFF "$@" >"$log" 2>&1 &&
     cmake --build "$dir" -j "$jobs" --target mlpc >>"$log" 2>&1; then
    local warnings
    warnings=$(grep -c 'warning:' "$log" || true)
    if "$dir/mlpc" compile "$example" --target argo --check -o "$expected" >>"$log" 2>&1; then
      printf '%-11s pass  %s warnings  %s\n' "$name" "$warnings" "$log"
      return
    fi
    printf '%-11s FAIL  the binary does not write %s  %s\n' "$name" "$expected" "$log"
  else
    printf '%-11s FAIL  does not build (last lines of %s:)\n' "$name" "$log"
    { grep -E 'error|FAILED' "$log" || true; } | tail -5 | sed 's/^/            /'
  fi
  failed=1
}

skip() { printf '%-11s skipped: %s\n' "$1" "$2"; }

for config in "${configs[@]}"; do
  case $config in
    debian)
      if ! command -v dpkg-buildflags >/dev/null; then skip debian "dpkg-buildflags is missing (dpkg-dev)"; continue; fi
      build debian -DCMAKE_BUILD_TYPE=None \
        "-DCMAKE_CXX_FLAGS=$(dpkg-buildflags --get CXXFLAGS) $(dpkg-buildflags --get CPPFLAGS)" \
        "-DCMAKE_EXE_LINKER_FLAGS=$(dpkg-buildflags --get LDFLAGS)"
      ;;
    minsizerel)
      build minsizerel -DCMAKE_BUILD_TYPE=MinSizeRel
      ;;
    clang)
      if ! command -v clang++ >/dev/null; then skip clang "clang++ is missing (apt-get install clang)"; continue; fi
      build clang -DCMAKE_CXX_COMPILER=clang++
      ;;
    *) echo "unknown configuration $config (debian minsizerel clang)" >&2; exit 2 ;;
  esac
done
exit $failed
