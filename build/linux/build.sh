#!/usr/bin/env bash
# Build Glossator for Linux: the one-folder bundle, a .deb and a .tar.xz (and an AppImage
# when appimagetool is on PATH). Everything lands in dist/; PyInstaller works in .pyi-work/.
#
#   build/linux/build.sh                 use .venv (or $PYTHON) as it is
#   build/linux/build.sh --fresh-venv    build from a clean venv in .pyi-work/venv
#   build/linux/build.sh --bundle-only   stop after dist/glossator/
#
# Environment: PYTHON (the interpreter with glossator[installer] installed),
# GLOSSATOR_XZ_LEVEL (0-9, default 6) for the .deb and the tarball.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"

FRESH=0
PACKAGES=1
for arg in "$@"; do
  case "$arg" in
    --fresh-venv) FRESH=1 ;;
    --bundle-only) PACKAGES=0 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

WORK="$ROOT/.pyi-work"
DIST="$ROOT/dist"
XZ_LEVEL="${GLOSSATOR_XZ_LEVEL:-6}"
mkdir -p "$WORK" "$DIST"

if [[ $FRESH == 1 ]]; then
  BASE_PY="$(command -v python3.11 || command -v python3)"
  echo "== fresh venv in $WORK/venv from $BASE_PY"
  rm -rf "$WORK/venv"
  "$BASE_PY" -m venv "$WORK/venv"
  "$WORK/venv/bin/python" -m pip install --quiet --upgrade pip
  # A regular (not editable) install: the bundle gets exactly what a user's pip would.
  "$WORK/venv/bin/python" -m pip install --quiet "$ROOT[installer]"
  rm -rf "$ROOT/build/lib" "$ROOT"/build/bdist.*  # setuptools' scratch, next to our scripts
  PYTHON="$WORK/venv/bin/python"
fi
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
BIN="$(dirname "$PYTHON")"

if [[ ! -f resources/kb/starter-en.sqlite ]]; then
  echo "resources/kb/starter-en.sqlite is missing: run 'make kb' first." >&2
  exit 1
fi
if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
  echo "PyInstaller is not installed for $PYTHON: pip install '.[installer]'." >&2
  exit 1
fi

VERSION="$("$PYTHON" -c 'from importlib.metadata import version; print(version("glossator"))')"
ARCH="$(dpkg --print-architecture 2>/dev/null || uname -m)"
echo "== Glossator $VERSION: PyInstaller bundle"
"$BIN/pyinstaller" installer.spec --noconfirm --clean --log-level WARN \
  --workpath "$WORK" --distpath "$DIST"
APPDIR_SRC="$DIST/glossator"
echo "bundle: $(du -sh "$APPDIR_SRC" | cut -f1) in $APPDIR_SRC"
[[ $PACKAGES == 1 ]] || exit 0

# --- tarball ---------------------------------------------------------------------------
TARBALL="$DIST/glossator-$VERSION-linux-$(uname -m).tar.xz"
echo "== $TARBALL"
tar -C "$DIST" --owner=0 --group=0 -cf - glossator | xz -T0 "-$XZ_LEVEL" > "$TARBALL"

# --- .deb --------------------------------------------------------------------------------
DEB_ROOT="$WORK/deb/glossator"
DEB="$DIST/glossator_${VERSION}_${ARCH}.deb"
echo "== $DEB"
rm -rf "$WORK/deb"
mkdir -p "$DEB_ROOT/DEBIAN" "$DEB_ROOT/opt" "$DEB_ROOT/usr/bin" \
  "$DEB_ROOT/usr/share/applications" "$DEB_ROOT/usr/share/doc/glossator" \
  "$DEB_ROOT/usr/share/icons/hicolor/scalable/apps"
cp -a "$APPDIR_SRC" "$DEB_ROOT/opt/glossator"
install -m 0755 build/linux/glossator-launcher.sh "$DEB_ROOT/usr/bin/glossator"
install -m 0644 resources/glossator.desktop "$DEB_ROOT/usr/share/applications/glossator.desktop"
for size in 32 64 128 256; do
  install -D -m 0644 "resources/icons/glossator-$size.png" \
    "$DEB_ROOT/usr/share/icons/hicolor/${size}x${size}/apps/glossator.png"
done
install -m 0644 resources/icons/glossator.svg "$DEB_ROOT/usr/share/icons/hicolor/scalable/apps/"
install -m 0644 build/linux/copyright "$DEB_ROOT/usr/share/doc/glossator/copyright"
INSTALLED_KB="$(du -sk --exclude=DEBIAN "$DEB_ROOT" | cut -f1)"
# The newest glibc symbol version any bundled binary needs: the .deb's libc6 floor.
GLIBC="$(find "$APPDIR_SRC" -type f \( -name '*.so*' -o -perm -u+x \) -print0 \
  | xargs -0 objdump -T 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' \
  | sort -Vu | tail -1)"
GLIBC="${GLIBC:-2.31}"
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE@/$INSTALLED_KB/" \
  -e "s/@GLIBC@/$GLIBC/" \
  build/linux/control.in > "$DEB_ROOT/DEBIAN/control"
install -m 0755 build/linux/postinst "$DEB_ROOT/DEBIAN/postinst"
install -m 0755 build/linux/postinst "$DEB_ROOT/DEBIAN/postrm"
find "$DEB_ROOT" -type d -exec chmod 0755 {} +
chmod -R u+rw,go+r,go-w "$DEB_ROOT"
DEB_OPTS=(--root-owner-group -Zxz "-z$XZ_LEVEL")
# Threaded xz where this dpkg-deb can (1.21+): the bundle is ~300 MB to compress.
DEB_HELP="$(dpkg-deb --help 2>/dev/null || true)"
if [[ $DEB_HELP == *--threads-max* ]]; then DEB_OPTS+=("--threads-max=$(nproc)"); fi
dpkg-deb "${DEB_OPTS[@]}" --build "$DEB_ROOT" "$DEB" >/dev/null

# --- AppImage (optional: appimagetool is not in the distribution's archive) --------------
if command -v appimagetool >/dev/null 2>&1; then
  APPDIR="$WORK/Glossator.AppDir"
  rm -rf "$APPDIR"
  mkdir -p "$APPDIR/usr/share/applications"
  cp -a "$APPDIR_SRC" "$APPDIR/glossator"
  cp resources/glossator.desktop "$APPDIR/glossator.desktop"
  cp resources/icons/glossator-256.png "$APPDIR/glossator.png"
  cp resources/glossator.desktop "$APPDIR/usr/share/applications/"
  printf '#!/bin/sh\nHERE="$(dirname "$(readlink -f "$0")")"\nexec "$HERE/glossator/glossator" "$@"\n' \
    > "$APPDIR/AppRun"
  chmod 0755 "$APPDIR/AppRun"
  ARCH="$(uname -m)" appimagetool --no-appstream "$APPDIR" "$DIST/Glossator-$VERSION-$(uname -m).AppImage"
else
  echo "(appimagetool not on PATH: no AppImage; the .deb and the tarball are the Linux packages)"
fi

echo "== done"
ls -l "$DIST" | grep -E '\.(deb|xz|AppImage)$' || true
