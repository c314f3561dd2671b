#!/usr/bin/env bash
# CI: the .deb, as a user gets it. Packs the build directory that the README's test line built
# (cpack -G DEB), installs the package with apt-get (which brings its dependencies), then runs
# the installed memwho and reads its manual, and removes the package again.
# Usage: tests/ci/package.sh [BUILD_DIR]   (as root, on Debian 12)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
export DEBIAN_FRONTEND=noninteractive

# dpkg-shlibdeps, which CPack runs to find the package's dependencies.
command -v dpkg-shlibdeps >/dev/null || apt-get install -y dpkg-dev
rm -f "$build"/memwho_*.deb
(cd "$build" && cpack -G DEB)
deb=$(ls "$build"/memwho_*.deb)
dpkg-deb --info "$deb"
dpkg-deb --contents "$deb"

if dpkg -s memwho >/dev/null 2>&1; then
  echo "package: memwho is installed already; refusing to replace it" >&2
  exit 1
fi
trap 'apt-get remove -y memwho >/dev/null' EXIT
apt-get install -y "./$deb"

fail() {
  echo "package: $*" >&2
  exit 1
}
[ "$(command -v memwho)" = /usr/bin/memwho ] || fail "memwho is not /usr/bin/memwho"
/usr/bin/memwho --version
/usr/bin/memwho --version | grep -qx "memwho [0-9.]*" || fail "--version has no version line"
# PID 1's smaps_rollup is refused even to root on some hosts: the row is still shown, with '-'
# for the sizes and a note on stderr, and memwho exits 0 (reported), as documented.
rc=0
/usr/bin/memwho -p 1 || rc=$?
[ "$rc" = 0 ] || fail "memwho -p 1 exited $rc"
/usr/bin/memwho -p 1 --format=tsv -o pid | grep -qx 1 || fail "memwho -p 1 did not report pid 1"
# The manual, rendered to a pipe, as man would page it.
man memwho | grep -q "how much memory processes really use" || fail "man memwho does not show the page"
man memwho | grep -q "EXIT STATUS" || fail "man memwho has no EXIT STATUS"
[ -f /usr/share/bash-completion/completions/memwho ] || fail "no bash completion"
[ -f /usr/share/zsh/vendor-completions/_memwho ] || fail "no zsh completion"
bash -c 'source /usr/share/bash-completion/completions/memwho &&
  COMP_WORDS=(memwho --form) COMP_CWORD=1 && _memwho && [ "${COMPREPLY[*]}" = --format ]' ||
  fail "the installed bash completion does not complete --form"
echo "package: $deb installs, runs and has its manual and completions"
