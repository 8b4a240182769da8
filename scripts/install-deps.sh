#!/usr/bin/env bash
# Installs what building and testing mlpc needs, from Debian 12 packages, only where it
# is missing. Run as root (or with sudo available). Safe to run again.
set -euo pipefail
packages=(g++ cmake ninja-build make pkg-config git
          libyaml-cpp-dev nlohmann-json3-dev libfmt-dev libcli11-dev catch2
          python3)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The conformance validators need PyYAML and jsonschema in the python3 on PATH.
if ! python3 -c 'import yaml, jsonschema' 2>/dev/null; then missing+=(python3-yaml python3-jsonschema); fi
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: everything is installed"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
