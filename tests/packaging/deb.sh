#!/usr/bin/env bash
# packaging/deb: `cpack -G DEB` builds mlpc_VERSION_ARCH.deb; dpkg installs it into a
# scratch root (never the real system), with its dependencies checked against this
# machine's installed packages; the files are there, the binary runs, and removal
# leaves nothing behind. Also checks the control fields, and that Depends (from
# dpkg-shlibdeps) names the package of every shared library the binary links.
# usage: deb.sh BUILD_DIR VERSION
source "$(dirname "$0")/lib.sh"
build=${1:?usage: deb.sh BUILD_DIR VERSION}
version=${2:?usage: deb.sh BUILD_DIR VERSION}
for tool in dpkg dpkg-deb dpkg-shlibdeps cpack; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool is missing (scripts/install-deps.sh installs dpkg-dev)"; exit 77; }
done

# cpack writes only under -B, except install_manifest.txt in the build directory (the
# test's RESOURCE_LOCK keeps packaging/install from writing it at the same time).
if ! cpack -G DEB --config "$build/CPackConfig.cmake" -B "$SCRATCH/cpack" >"$SCRATCH/cpack.log" 2>&1; then
  fail "cpack -G DEB"; sed 's/^/  | /' "$SCRATCH/cpack.log" | tail -30; finish; exit 1
fi
arch=$(dpkg --print-architecture)
deb="$SCRATCH/cpack/mlpc_${version}_${arch}.deb"
check_file "$deb" "the package, named mlpc_VERSION_ARCH.deb"
[ -f "$deb" ] || { finish; exit 1; }

# Control fields.
field() { dpkg-deb --field "$deb" "$1"; }
[ "$(field Package)" = mlpc ] && pass || fail "Package is '$(field Package)'"
[ "$(field Version)" = "$version" ] && pass || fail "Version is '$(field Version)', want $version"
[ "$(field Architecture)" = "$arch" ] && pass || fail "Architecture is '$(field Architecture)'"
[ "$(field Section)" = devel ] && pass || fail "Section is '$(field Section)'"
[[ "$(field Maintainer)" =~ ^[^\<]+\ \<[^@\>]+@[^\>]+\>$ ]] && pass || fail "Maintainer '$(field Maintainer)' is not 'Name <address>'"
[[ "$(field Description)" == *Argo*Kubeflow* ]] && pass || fail "Description: '$(field Description)'"
depends=$(field Depends)
echo "Depends: $depends"
dpkg-deb --info "$deb" >"$SCRATCH/info"
check_contains "$SCRATCH/info" "Depends: $depends" "dpkg-deb -I shows Depends"
for pkg in 'libyaml-cpp0\.[0-9]+' 'libfmt[0-9]+' 'libstdc\+\+6' 'libc6'; do
  [[ ", $depends," =~ ,\ $pkg( |,) ]] && pass || fail "Depends lacks a $pkg package: $depends"
done
# Every shared library the binary needs comes from a package that Depends names.
bin="$SCRATCH/extract/usr/bin/mlpc"
dpkg-deb -x "$deb" "$SCRATCH/extract"
for lib in $(ldd "$bin" | awk '$3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' | sort -u); do
  owner=""
  for path in "$lib" "$(readlink -f "$lib")" "/usr$lib" "${lib#/usr}"; do
    owner=$(dpkg-query -S "$path" 2>/dev/null | head -1 | cut -d: -f1) && [ -n "$owner" ] && break
  done
  if [ -z "$owner" ]; then fail "no package owns $lib"; continue; fi
  [[ ", $depends," == *", $owner "* || ", $depends," == *", $owner,"* ]] && pass || fail "$lib comes from $owner, which Depends lacks: $depends"
done

# Install into a scratch root. Its dpkg database holds this machine's records of the
# packages Depends names (read with dpkg-query, nothing of the real system is written), so
# dpkg checks the dependencies for real: the install fails if one is missing or too old.
root="$SCRATCH/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/triggers"
: >"$root/var/lib/dpkg/status"
for dep in $(echo "$depends" | tr ',|' '\n\n' | sed 's/(.*//; s/ //g' | sort -u); do
  if dpkg-query -s "$dep" >>"$root/var/lib/dpkg/status" 2>/dev/null; then
    echo >>"$root/var/lib/dpkg/status"
    name=$(dpkg-query -W -f='${binary:Package}' "$dep")
    : >"$root/var/lib/dpkg/info/$name.list"
  fi
done
# --path-include undoes a machine's path-exclude (slim images drop /usr/share/man and doc).
dpkg_root=(dpkg "--root=$root" --log=/dev/null --force-not-root "--path-include=*")
check "dpkg --root -i (dependencies satisfied by this machine's packages)" -- "${dpkg_root[@]}" -i "$deb"
"${dpkg_root[@]}" -s mlpc 2>/dev/null | grep -q '^Status: install ok installed' && pass || fail "mlpc is not 'install ok installed' in the scratch root"
"${dpkg_root[@]}" -L mlpc >"$SCRATCH/list" 2>&1
for f in /usr/bin/mlpc /usr/share/man/man1/mlpc.1.gz /usr/share/bash-completion/completions/mlpc \
         /usr/share/doc/mlpc/copyright /usr/share/doc/mlpc/changelog.gz; do
  grep -qx "$f" "$SCRATCH/list" && pass || fail "dpkg -L mlpc lacks $f"
done
check_tree "$root/usr" "$version"
zcat "$root/usr/share/doc/mlpc/changelog.gz" | head -1 | grep -q "^mlpc ($version) " && pass || fail "changelog.gz does not start with 'mlpc ($version)'"
# Files are root-owned and not group/world-writable, as lintian wants.
bad=$(dpkg-deb -c "$deb" | awk '$2 != "root/root" || substr($1, 6, 1) == "w" || substr($1, 9, 1) == "w"')
[ -z "$bad" ] && pass || fail "ownership or modes: $bad"

check "dpkg --root -r" -- "${dpkg_root[@]}" -r mlpc
left=$(cd "$root" && find . -path ./var -prune -o ! -type d -print)
[ -z "$left" ] && pass || fail "files left after removal: $left"
finish
