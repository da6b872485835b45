#!/usr/bin/env bash
# make package-test (as root): install dist/fact-check-workbench_<version>_<arch>.deb with apt-get, run the
# installed app's smoke test, build the demo project with the installed command line, open it through the
# desktop entry's command line (under Xvfb when it is there: a real X11 window), purge the package, and check
# that nothing is left behind in /opt and /usr.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PKG=fact-check-workbench
VERSION=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' workbench/__init__.py)
DEB=$ROOT/dist/${PKG}_${VERSION}_$(dpkg --print-architecture).deb
DESKTOP=/usr/share/applications/$PKG.desktop
WORK=$ROOT/build/package-test
START=$SECONDS
step() { printf '==> [%3ds] %s\n' $((SECONDS - START)) "$*"; }
die() { echo "package-test FAILED: $*" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
apt_get() { apt-get -o Dpkg::Use-Pty=0 -qq "$@" </dev/null; }

[ "$(id -u)" = 0 ] || die "run as root (it installs and removes a system package)"
[ -f "$DEB" ] || die "no $DEB: run make package first"
rm -rf "$WORK"
mkdir -p "$WORK"
export WORKBENCH_CONFIG_DIR=$WORK/config WORKBENCH_DATA_DIR=$WORK/data  # keep root's own settings out of it

# Everything the test needs besides the package itself is installed first, so that the file lists taken
# before installing and after purging differ only by what the package did.
if dpkg -s "$PKG" >/dev/null 2>&1; then step "purging an earlier $PKG"; apt_get purge -y "$PKG" >/dev/null; fi
want=""
command -v xvfb-run >/dev/null || want="xvfb xauth"
step "dependencies of the package${want:+ and $want}"
apt_get satisfy -y --no-install-recommends "$(dpkg-deb -f "$DEB" Depends)" >/dev/null 2>"$WORK/apt.err" \
  || { apt_get update && apt_get satisfy -y --no-install-recommends "$(dpkg-deb -f "$DEB" Depends)" >/dev/null; } \
  || die "cannot install the package's dependencies: $(cat "$WORK/apt.err")"
if [ -n "$want" ]; then
  apt_get install -y --no-install-recommends $want >/dev/null 2>&1 \
    || { apt_get update && apt_get install -y --no-install-recommends $want >/dev/null; } \
    || echo "note: xvfb not available: the desktop entry is tested offscreen" >&2
fi
snapshot() { find /opt /usr -xdev -not -path '*/__pycache__*' 2>/dev/null | sort; }
snapshot >"$WORK/before.txt"

step "apt-get install ./$(realpath --relative-to="$ROOT" "$DEB")"
apt_get install -y --no-install-recommends "$DEB" >/dev/null 2>"$WORK/apt.err" \
  || die "apt-get install failed: $(cat "$WORK/apt.err")"
[ "$(readlink -f /usr/bin/workbench)" = "/opt/$PKG/workbench" ] || die "/usr/bin/workbench is not the installed app"
got=$(/usr/bin/workbench --version) && [ "$got" = "workbench $VERSION" ] || die "--version says '$got'"

step "installed: workbench --smoke-test"
env -u DISPLAY -u WAYLAND_DISPLAY /usr/bin/workbench --smoke-test || die "the installed app's smoke test failed"

step "installed: workbench screenshot --demo (builds the demo project with the installed app)"
env -u DISPLAY -u WAYLAND_DISPLAY /usr/bin/workbench screenshot --demo "$WORK/offscreen.png" >/dev/null \
  2>"$WORK/screenshot.err" || die "workbench screenshot --demo failed: $(cat "$WORK/screenshot.err")"
DEMO=$WORKBENCH_DATA_DIR/demo.fcw
[ -f "$DEMO" ] || die "no demo project was built"
claims=$(/usr/bin/workbench list "$DEMO" claims --json | grep -c '"id":' || true)

step "open $(basename "$DEMO") through the desktop entry's command line"
[ -f "$DESKTOP" ] || die "no $DESKTOP"
if command -v desktop-file-validate >/dev/null; then desktop-file-validate "$DESKTOP" || die "invalid $DESKTOP"; fi
exec_line=$(sed -n 's/^Exec=//p' "$DESKTOP" | head -1)
[[ "$exec_line" == *"%f"* ]] || die "Exec= of $DESKTOP takes no file (%f): $exec_line"
# The Exec value, split like a shell would (it has no quoting here), %f replaced by the file, other field codes
# dropped; then the test's own flag: save the window once painted, print what is open, and quit.
read -r -a words <<<"$exec_line"
cmd=()
for w in "${words[@]}"; do
  case "$w" in %f|%F|%u|%U) cmd+=("$DEMO") ;; %?) ;; *) cmd+=("$w") ;; esac
done
command -v "${cmd[0]}" >/dev/null || die "${cmd[0]} (from Exec=) is not on the PATH"
cmd+=(--screenshot-and-quit "$WORK/window.png")
if command -v xvfb-run >/dev/null; then
  runner=(xvfb-run -a -s "-screen 0 1600x1000x24")
  unset QT_QPA_PLATFORM
else
  runner=(env QT_QPA_PLATFORM=offscreen)
fi
report=$(timeout 120 "${runner[@]}" "${cmd[@]}" 2>"$WORK/open.err") \
  || die "the app did not open $DEMO: $(cat "$WORK/open.err")"
echo "    ${runner[0]}: ${cmd[*]}"
echo "    $report"
python_check='import json, sys
r = json.loads(sys.argv[1])
assert r["project"] == sys.argv[2], "opened " + str(r["project"]) + ", not " + sys.argv[2]
assert not r["error"], r["error"]
assert r["documents"] == 5 and r["claims"] == int(sys.argv[3]) > 0, r'
/usr/bin/python3 -c "$python_check" "$report" "$(readlink -f "$DEMO")" "$claims" || die "wrong project open: $report"
[ "$(stat -c %s "$WORK/window.png")" -gt 20000 ] || die "the window screenshot is (nearly) empty"
if [ -e /usr/share/mime/mime.cache ]; then
  [ -f /usr/share/mime/application/x-fact-check-workbench.xml ] || die "the MIME type was not registered"
fi

step "apt-get purge $PKG"
apt_get purge -y "$PKG" >/dev/null 2>"$WORK/apt.err" || die "apt-get purge failed: $(cat "$WORK/apt.err")"
dpkg -s "$PKG" >/dev/null 2>&1 && die "$PKG is still installed"
snapshot >"$WORK/after.txt"
if ! diff -u "$WORK/before.txt" "$WORK/after.txt" >"$WORK/leftovers.diff"; then
  head -40 "$WORK/leftovers.diff" >&2
  die "files in /opt or /usr differ after purging (see above)"
fi
step "package-test passed: installed, smoke-tested, opened a project from the desktop entry, purged cleanly"
