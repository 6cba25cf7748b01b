#!/usr/bin/env bash
# Build Glossator for macOS: dist/Glossator.app (from installer.spec) and a .dmg, signed and
# notarised when the environment provides the credentials.
#
#   build/macos/build.sh [--fresh-venv] [--bundle-only]
#
# Signing (all optional; without them the app is ad-hoc signed and Gatekeeper will ask):
#   MACOS_CODESIGN_IDENTITY   "Developer ID Application: Name (TEAMID)" in the keychain
#   MACOS_CERTIFICATE_P12 + MACOS_CERTIFICATE_PASSWORD
#                             base64 of a .p12 to import into a temporary keychain (CI)
# Notarisation (needs the identity above):
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD   (an app-specific password), or
#   APPLE_NOTARY_PROFILE                          (a `notarytool store-credentials` profile)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
FRESH=0; PACKAGES=1
for arg in "$@"; do
  case "$arg" in
    --fresh-venv) FRESH=1 ;;
    --bundle-only) PACKAGES=0 ;;
    *) echo "build.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
WORK="$ROOT/.pyi-work"; DIST="$ROOT/dist"
mkdir -p "$WORK" "$DIST"

if [[ $FRESH == 1 || ! -x .venv/bin/python ]]; then
  VENV="$([[ $FRESH == 1 ]] && echo "$WORK/venv" || echo "$ROOT/.venv")"
  rm -rf "$VENV"
  "$(command -v python3.11 || command -v python3)" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet "$ROOT[installer,starter]"
  PYTHON="$VENV/bin/python"
fi
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
BIN="$(dirname "$PYTHON")"
[[ -f resources/kb/starter-en.sqlite ]] || "$BIN/glossator" kb build-starter \
  --out resources/kb/starter-en.sqlite

# The .icns from the PNG icons (iconutil ships with macOS).
ICONSET="$WORK/glossator.iconset"
rm -rf "$ICONSET"; mkdir -p "$ICONSET"
for size in 16 32 64 128 256 512; do
  sips -z $size $size resources/icons/glossator-256.png --out "$ICONSET/icon_${size}x${size}.png" >/dev/null
  double=$((size * 2))
  sips -z $double $double resources/icons/glossator-256.png \
    --out "$ICONSET/icon_${size}x${size}@2x.png" >/dev/null
done
iconutil -c icns "$ICONSET" -o build/macos/glossator.icns

# A temporary keychain for a certificate handed over by CI.
if [[ -n "${MACOS_CERTIFICATE_P12:-}" ]]; then
  KEYCHAIN="$WORK/build.keychain-db"
  KC_PASS="$(uuidgen)"
  echo "$MACOS_CERTIFICATE_P12" | base64 --decode > "$WORK/cert.p12"
  security create-keychain -p "$KC_PASS" "$KEYCHAIN"
  security set-keychain-settings -lut 3600 "$KEYCHAIN"
  security unlock-keychain -p "$KC_PASS" "$KEYCHAIN"
  security import "$WORK/cert.p12" -k "$KEYCHAIN" -P "${MACOS_CERTIFICATE_PASSWORD:-}" \
    -T /usr/bin/codesign
  security set-key-partition-list -S apple-tool:,apple: -s -k "$KC_PASS" "$KEYCHAIN" >/dev/null
  security list-keychains -d user -s "$KEYCHAIN" $(security list-keychains -d user | tr -d '"')
  rm -f "$WORK/cert.p12"
fi

VERSION="$("$PYTHON" -c 'from importlib.metadata import version; print(version("glossator"))')"
echo "== Glossator $VERSION: PyInstaller bundle"
# installer.spec reads MACOS_CODESIGN_IDENTITY and signs every binary with the entitlements.
"$BIN/pyinstaller" installer.spec --noconfirm --clean --log-level WARN \
  --workpath "$WORK" --distpath "$DIST"
APP="$DIST/Glossator.app"
[[ -d "$APP" ]] || { echo "no $APP" >&2; exit 1; }
[[ $PACKAGES == 1 ]] || exit 0

IDENTITY="${MACOS_CODESIGN_IDENTITY:-}"
if [[ -n "$IDENTITY" ]]; then
  # Seal the bundle as a whole, with the hardened runtime notarisation requires.
  codesign --force --deep --options runtime --timestamp \
    --entitlements build/macos/entitlements.plist --sign "$IDENTITY" "$APP"
  codesign --verify --deep --strict --verbose=2 "$APP"
else
  echo "(MACOS_CODESIGN_IDENTITY unset: ad-hoc signature only, no notarisation)"
fi

# The disk image: the app and a link to /Applications, to drag it across.
DMG="$DIST/Glossator-$VERSION-macos-$(uname -m).dmg"
STAGE="$WORK/dmg"
rm -rf "$STAGE" "$DMG"; mkdir -p "$STAGE"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
hdiutil create -volname "Glossator $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO \
  -imagekey zlib-level=9 "$DMG"
[[ -n "$IDENTITY" ]] && codesign --force --timestamp --sign "$IDENTITY" "$DMG"

if [[ -n "$IDENTITY" ]]; then
  if [[ -n "${APPLE_NOTARY_PROFILE:-}" ]]; then
    xcrun notarytool submit "$DMG" --keychain-profile "$APPLE_NOTARY_PROFILE" --wait
  elif [[ -n "${APPLE_ID:-}" && -n "${APPLE_TEAM_ID:-}" && -n "${APPLE_APP_PASSWORD:-}" ]]; then
    xcrun notarytool submit "$DMG" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
      --password "$APPLE_APP_PASSWORD" --wait
  else
    echo "(no notarisation credentials: the .dmg is signed but not notarised)"
    exit 0
  fi
  xcrun stapler staple "$DMG"
  xcrun stapler validate "$DMG"
fi
ls -l "$DIST"
