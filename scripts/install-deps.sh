#!/usr/bin/env bash
# Installs what building and testing mlpc needs, only where it is missing: Debian 12
# packages, and the npm tools the tests run (into .tools/ in the checkout). Run as root
# (or with sudo available). Safe to run again.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
packages=(g++ cmake ninja-build make pkg-config git
          libyaml-cpp-dev nlohmann-json3-dev libfmt-dev libcli11-dev catch2
          python3
          graphviz      # tests render every example's DOT graph
          pre-commit    # tests run the repository's hooks with the real pre-commit
          dpkg-dev      # cpack's .deb generator: dpkg-deb, and dpkg-shlibdeps for Depends
          file          # it finds the executables to give dpkg-shlibdeps with `file`
          time          # /usr/bin/time: tests/robustness and tests/security measure memory
          groff-base)   # tests render the man page
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm installs the SARIF validator below; some images ship it inside their nodejs package.
command -v npm >/dev/null || missing+=(npm)
# The conformance validators need PyYAML and jsonschema in the python3 on PATH.
if ! python3 -c 'import yaml, jsonschema' 2>/dev/null; then missing+=(python3-yaml python3-jsonschema); fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
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
  npm_installed=1
fi
[ ${#missing[@]} -gt 0 ] || [ -n "${npm_installed:-}" ] || echo "install-deps: everything is installed"
