#!/usr/bin/env bash
# packaging/install: `cmake --install` into a scratch prefix, and into a staging root with
# DESTDIR (as distributions package), puts the binary, man page and completion in place.
# usage: install.sh BUILD_DIR VERSION
source "$(dirname "$0")/lib.sh"
build=${1:?usage: install.sh BUILD_DIR VERSION}
version=${2:?usage: install.sh BUILD_DIR VERSION}

check "cmake --install --prefix" -- cmake --install "$build" --prefix "$SCRATCH/prefix"
check_tree "$SCRATCH/prefix" "$version"

check "cmake --install with DESTDIR" -- env DESTDIR="$SCRATCH/stage" cmake --install "$build" --prefix /usr/local
check_tree "$SCRATCH/stage/usr/local" "$version"
# Nothing outside the prefix.
extra=$(cd "$SCRATCH/stage" && find . -mindepth 1 -maxdepth 2 ! -path ./usr ! -path ./usr/local)
[ -z "$extra" ] && pass || fail "files outside the prefix: $extra"
finish
