#!/usr/bin/env bash
# Installs what mlpc needs on Debian 12, only where it is missing. Run as root (or with
# sudo available). Safe to run again; prints nothing when nothing is missing.
#   scripts/install-deps.sh build   building mlpc: compiler, cmake, ninja, the libraries
#   scripts/install-deps.sh deb     that, and what `cpack -G DEB` needs for the package
#   scripts/install-deps.sh test    all of that, and what the test suite runs: Catch2,
#                                   Python packages, Graphviz, pre-commit, groff, npm tools
#                                   (into .tools/ in the checkout)...
# Without an argument: test, everything.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
set_name=${1:-test}
case "$set_name" in
  build|deb|test) ;;
  *) echo "usage: scripts/install-deps.sh [build|deb|test]" >&2; exit 2 ;;
esac
# Building mlpc: `make run` and a plain `cmake --build` of the target mlpc.
packages=(g++ cmake ninja-build make
          libyaml-cpp-dev nlohmann-json3-dev libfmt-dev libcli11-dev)
if [ "$set_name" != build ]; then
  packages+=(dpkg-dev       # cpack's .deb generator: dpkg-deb, and dpkg-shlibdeps for Depends
             file)          # it finds the executables to give dpkg-shlibdeps with `file`
fi
if [ "$set_name" = test ]; then
  packages+=(catch2         # the unit tests; configuring the test suite needs it
             git            # the pre-commit tests commit in scratch repositories
             python3
             graphviz       # tests render every example's DOT graph
             pre-commit     # tests run the repository's hooks with the real pre-commit
             groff-base     # tests render the man page
             time           # /usr/bin/time: robustness and security tests measure memory
             # The clients in ../shared/clients load every output with Debian's
             # /usr/bin/python3: Hera's models need PyYAML, the KFP SDK these (its README).
             python3-yaml python3-protobuf python3-click python3-tabulate python3-google-auth
             python3-requests-toolbelt python3-kubernetes python3-typing-extensions
             python3-requests python3-urllib3 python3-dateutil python3-certifi)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "$set_name" = test ]; then
  # npm installs the tools below; some images ship it inside their nodejs package.
  command -v npm >/dev/null || missing+=(npm)
  # The conformance validators and the schema tests need PyYAML and jsonschema in the
  # python3 on PATH (Debian 12's python3-jsonschema, 4.10, is enough).
  if ! python3 -c 'import yaml, jsonschema' 2>/dev/null; then missing+=(python3-yaml python3-jsonschema); fi
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
[ "$set_name" = test ] || exit 0
# npm tools the tests run, pinned, installed together (npm prunes what a later
# `--no-save` install does not name): Microsoft's SARIF Multitool validates
# `mlpc lint --format sarif`; Mermaid's parser, under jsdom, reads `mlpc graph`'s output.
modules=$root/.tools/node_modules
sarif=$modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
npm_tools=(@microsoft/sarif-multitool-linux@5.7.0 mermaid@11.17.2 jsdom@24.1.3)
if [ ! -x "$sarif" ] || [ ! -d "$modules/mermaid" ] || [ ! -d "$modules/jsdom" ]; then
  echo "install-deps: installing ${npm_tools[*]} into .tools/"
  mkdir -p "$root/.tools"
  npm install --prefix "$root/.tools" --no-save --no-audit --no-fund --loglevel=error "${npm_tools[@]}" >/dev/null
fi
