#!/usr/bin/env bash
# Build the Linux bundle with PyInstaller, smoke-test it, and wrap it into a Debian package:
#   dist/fact-check-workbench_<version>_<arch>.deb
# Usage: packaging/build_linux.sh            (make package)
# Environment: CI=true → fast compression (zstd -3) instead of xz -3; PYTHON=/path/to/python3.12 to choose Python.
# Everything it makes lives under build/ (its own virtual environment, PyInstaller's work, the package tree).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

PKG=fact-check-workbench
VERSION=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' workbench/__init__.py)
[ -n "$VERSION" ] || { echo "error: no __version__ in workbench/__init__.py" >&2; exit 1; }
ARCH=$(dpkg --print-architecture)
BUILD=$ROOT/build
VENV=$BUILD/venv
BUNDLE=$BUILD/dist/workbench
STAGE=$BUILD/deb/$PKG
DEB=$ROOT/dist/${PKG}_${VERSION}_${ARCH}.deb
START=$SECONDS
step() { printf '==> [%3ds] %s\n' $((SECONDS - START)) "$*"; }
die() { echo "error: $*" >&2; exit 1; }

# System libraries the bundle loads from the system (Qt's xcb/wayland plugins, fonts, GL). Checked below
# against what the bundle's ELF files really need (ldd), so a new Qt that needs more fails the build.
DEPENDS="libc6 (>= 2.36), libstdc++6, libgcc-s1, zlib1g, libbz2-1.0, liblzma5, libzstd1, libffi8, libuuid1,
 libgl1, libegl1, libfontconfig1, libfreetype6,
 libxkbcommon0, libxkbcommon-x11-0, libdbus-1-3, libglib2.0-0, libx11-6, libx11-xcb1, libxcb1,
 libxcb-icccm4, libxcb-keysyms1, libxcb-cursor0, libxcb-randr0, libxcb-render-util0,
 libxcb-image0, libxcb-shape0, libxcb-shm0, libxcb-sync1, libxcb-xfixes0, libxcb-xkb1, libxcb-render0,
 libxcb-util1, libxcb-glx0, libwayland-client0, libwayland-cursor0, libwayland-egl1,
 fonts-dejavu-core | fonts-noto-core | fonts-liberation2"
DEPENDS=$(echo "$DEPENDS" | tr -s ' \n' ' ')

# ----- tools ---------------------------------------------------------------------------------------------
need_tools=""
command -v dpkg-deb >/dev/null || die "dpkg-deb is needed (a Debian or Ubuntu system)"
command -v objdump >/dev/null && command -v readelf >/dev/null || need_tools="binutils"
if [ -n "$need_tools" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    step "installing $need_tools (PyInstaller needs objdump and readelf)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need_tools >/dev/null
  else die "install binutils (PyInstaller needs objdump)"; fi
fi

# The first alternative of each dependency, installed when missing (as root): the library check below runs
# ldd against them.
missing_deps=""
for p in $(echo "$DEPENDS" | tr ',' '\n' | sed 's/|.*//; s/(.*)//' | tr -d ' '); do
  dpkg -s "$p" >/dev/null 2>&1 || missing_deps="$missing_deps $p"
done
if [ -n "$missing_deps" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    step "installing the system libraries the bundle uses:$missing_deps"
    (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing_deps \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      $missing_deps; }) >/dev/null
  else echo "warning: missing system packages:$missing_deps (the library check may fail)" >&2; fi
fi

find_python() {
  local p
  for p in ${PYTHON:-} python3.12 python3.13 /root/.pyenv/versions/3.12*/bin/python3.12 \
      /root/.pyenv/versions/3.13*/bin/python3.13 /usr/bin/python3.12 /usr/bin/python3.13 \
      /usr/local/bin/python3.12 /usr/local/bin/python3.13 python3; do
    [ -n "$p" ] || continue
    # PyInstaller needs a Python built with a shared libpython.
    if "$p" -c 'import sys, sysconfig; sys.exit(sys.version_info < (3, 12) or not sysconfig.get_config_var("Py_ENABLE_SHARED"))' \
        >/dev/null 2>&1; then command -v "$p" || echo "$p"; return; fi
  done
}

# ----- virtual environment -----------------------------------------------------------------------------
STAMP=$VENV/.installed-$( (cat pyproject.toml; echo pyinstaller-6) | sha1sum | cut -c1-12)
if [ ! -f "$STAMP" ]; then
  PY=$(find_python)
  [ -n "$PY" ] || die "Python 3.12 or newer built with --enable-shared is needed (PyInstaller needs libpython)"
  step "virtual environment $VENV with $PY"
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
  export PIP_DISABLE_PIP_VERSION_CHECK=1
  { "$VENV/bin/python" -m pip install -q --upgrade pip &&
    "$VENV/bin/python" -m pip install -q -e . "pyinstaller>=6.10,<7"; } >"$BUILD/pip.log" 2>&1 \
    || { tail -30 "$BUILD/pip.log" >&2; die "pip install failed (log: build/pip.log)"; }
  touch "$STAMP"
fi

# ----- bundle --------------------------------------------------------------------------------------------
step "PyInstaller bundle ($("$VENV/bin/pyinstaller" --version))"
rm -rf "$BUNDLE"
QT_QPA_PLATFORM=offscreen "$VENV/bin/pyinstaller" --noconfirm --log-level WARN \
  --distpath "$BUILD/dist" --workpath "$BUILD/pyinstaller" packaging/workbench.spec >"$BUILD/pyinstaller.log" 2>&1 \
  || { tail -40 "$BUILD/pyinstaller.log" >&2; die "PyInstaller failed (log: build/pyinstaller.log)"; }
[ -x "$BUNDLE/workbench" ] || die "no $BUNDLE/workbench"

step "checking the bundle's shared libraries"
mapfile -t elves < <(find "$BUNDLE" -type f \( -name '*.so' -o -name '*.so.*' -o -name workbench \))
missing=$(for f in "${elves[@]}"; do LD_LIBRARY_PATH="$BUNDLE/_internal" ldd "$f" 2>/dev/null \
  | sed -n "s|^\s*\(\S*\) => not found|\1 (needed by ${f#"$BUNDLE"/})|p"; done | sort -u)
[ -z "$missing" ] || die "libraries not found on this system (install them, and add them to Depends):
$missing"
# The Debian packages that provide the system libraries the bundle's files link to directly (their own
# dependencies come with them) must all be in Depends.
bundled=$(find "$BUNDLE" \( -type f -o -type l \) -printf '%f\n' | sort -u)
system_libs=$(for f in "${elves[@]}"; do
    direct=$(readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p' | grep -vxF "$bundled")
    [ -n "$direct" ] || continue
    LD_LIBRARY_PATH="$BUNDLE/_internal" ldd "$f" 2>/dev/null | sed -n 's|^\s*\(\S*\) => \(/[^ ]*\) (0x.*$|\1 \2|p' \
      | grep -F "$direct" | awk -v want="$direct" 'BEGIN { n = split(want, w, "\n"); for (i = 1; i <= n; i++) ok[w[i]] = 1 }
                                                  ok[$1] { print $2 }'
  done | sort -u)
system_pkgs=$(for lib in $system_libs; do dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "$lib" 2>/dev/null \
  || echo "UNKNOWN($lib):"; done | sed 's/:.*//' | sort -u)
depends_names=" $(echo "$DEPENDS" | sed 's/([^)]*)//g; s/[,|]/ /g' | tr -s ' ') "
not_declared=$(for p in $system_pkgs; do case "$depends_names" in *" $p "*) ;; *) echo "$p";; esac; done)
[ -z "$not_declared" ] || die "the bundle links to libraries of packages not in Depends: $(echo $not_declared)"
echo "    system packages the bundle links to: $(echo $system_pkgs)"

step "smoke test of the bundle"
env -u DISPLAY -u WAYLAND_DISPLAY "$BUNDLE/workbench" --smoke-test

# ----- Debian package --------------------------------------------------------------------------------------
step "Debian package tree"
rm -rf "$STAGE"
install -d "$STAGE/DEBIAN" "$STAGE/opt/$PKG" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
  "$STAGE/usr/share/mime/packages" "$STAGE/usr/share/doc/$PKG" "$STAGE/usr/share/icons/hicolor/scalable/apps"
cp -a "$BUNDLE/." "$STAGE/opt/$PKG/"
ln -s "/opt/$PKG/workbench" "$STAGE/usr/bin/workbench"
install -m 644 packaging/linux/$PKG.desktop "$STAGE/usr/share/applications/$PKG.desktop"
install -m 644 packaging/linux/$PKG.xml "$STAGE/usr/share/mime/packages/$PKG.xml"
for size in 16 32 48 64 128 256; do
  install -D -m 644 "resources/icons/workbench-$size.png" "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps/$PKG.png"
done
install -m 644 resources/icons/workbench.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/$PKG.svg"
{
  echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
  echo "Upstream-Name: $PKG"
  echo
  echo "Files: *"
  echo "Copyright: $(sed -n 's/^Copyright (c) //p' LICENSE | head -1)"
  echo "License: MIT"
  sed -e '1,/^Copyright/d' -e 's/^$/./' -e 's/^/ /' LICENSE
  echo
  echo "Files: opt/$PKG/_internal/*"
  echo "Comment: The bundled Python runtime and libraries keep their own licences: Python (PSF-2.0), Qt and"
  echo " PySide6 (LGPL-3.0), sqlite-utils (Apache-2.0), trafilatura (Apache-2.0), lxml (BSD-3-Clause), pypdf"
  echo " (BSD-3-Clause), Jinja2 (BSD-3-Clause), python-docx (MIT) and others; see the licence files under"
  echo " /opt/$PKG/_internal/*.dist-info/."
} >"$STAGE/usr/share/doc/$PKG/copyright"
printf '%s (%s) unstable; urgency=medium\n\n  * Release %s.\n\n -- Fact-Check Workbench maintainers <maintainers@fact-check-workbench.invalid>  %s\n' \
  "$PKG" "$VERSION" "$VERSION" "$(date -R -d @"${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}")" \
  | gzip -9n >"$STAGE/usr/share/doc/$PKG/changelog.gz"
chmod 644 "$STAGE/usr/share/doc/$PKG/changelog.gz"

cat >"$STAGE/DEBIAN/control" <<EOF
Package: $PKG
Version: $VERSION
Architecture: $ARCH
Maintainer: Fact-Check Workbench maintainers <maintainers@fact-check-workbench.invalid>
Installed-Size: $(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
Depends: $DEPENDS
Recommends: fonts-noto-color-emoji, shared-mime-info, desktop-file-utils
Section: utils
Priority: optional
Description: offline workbench for fact-checkers
 Import news articles (text, HTML, Markdown, DOCX, PDF), read one beside the
 claim editor, turn passages into claims, link each claim to evidence in other
 articles with a stance, grade sources and evidence, and record verdicts.
 Everything lives in one SQLite project file (*.fcw); nothing is fetched from
 the network.
EOF
for script in postinst postrm; do
  cat >"$STAGE/DEBIAN/$script" <<'EOF'
#!/bin/sh
# Refresh the desktop, MIME and icon caches that exist (dpkg triggers of their packages do it too).
set -e
if command -v update-desktop-database >/dev/null 2>&1 && [ -e /usr/share/applications/mimeinfo.cache ]; then
  update-desktop-database -q /usr/share/applications || true
fi
if command -v update-mime-database >/dev/null 2>&1 && [ -e /usr/share/mime/mime.cache ]; then
  update-mime-database /usr/share/mime || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -e /usr/share/icons/hicolor/icon-theme.cache ]; then
  gtk-update-icon-cache -q -f /usr/share/icons/hicolor || true
fi
exit 0
EOF
  chmod 755 "$STAGE/DEBIAN/$script"
done
(cd "$STAGE" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum >DEBIAN/md5sums)
chmod 644 "$STAGE/DEBIAN/md5sums" "$STAGE/DEBIAN/control"
find "$STAGE" -type d -exec chmod 755 {} +

# Release: xz -3 (smallest, ~1 min). CI: zstd -3 (~2 s; needs dpkg >= 1.21.18, as every system with glibc 2.36 has).
if [ "${CI:-}" = true ]; then COMPRESS=(-Zzstd -z3); else COMPRESS=(-Zxz -z3); fi
step "dpkg-deb ${COMPRESS[*]}"
mkdir -p dist
rm -f "$DEB"
dpkg-deb --root-owner-group "${COMPRESS[@]}" --build "$STAGE" "$DEB" >/dev/null
SIZE=$(stat -c %s "$DEB")
step "built $(realpath --relative-to="$ROOT" "$DEB") ($((SIZE / 1024 / 1024)) MB; installed $(du -sh --exclude=DEBIAN "$STAGE" | cut -f1))"
[ "$SIZE" -lt $((70 * 1024 * 1024)) ] || die "the package is over 70 MB"
