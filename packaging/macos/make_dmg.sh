#!/usr/bin/env bash
# Make the macOS disk image from the .app that the spec's BUNDLE step builds.
#
#   pyinstaller --noconfirm --distpath dist --workpath build/pyinstaller packaging/peptide_desk.spec
#   bash packaging/macos/make_dmg.sh
#
# Output: dist/peptide-desk-<version>-macos-<arch>.dmg holding "Peptide Desk.app" and a link
# to /Applications. PyInstaller signs the bundle ad hoc; distributing outside your own
# machines needs a Developer ID signature and notarisation (docs/packaging.md). Runs on
# macOS only (hdiutil); it cannot run on the Linux build machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON=${PYTHON:-python3}
VERSION=$("$PYTHON" -c 'import sys; sys.path.insert(0, "src"); from peptide_desk import __version__; print(__version__)')
APP="dist/Peptide Desk.app"
OUT="dist/peptide-desk-${VERSION}-macos-$(uname -m).dmg"
if [ ! -d "$APP" ]; then
  echo "make_dmg: $APP is missing; build it first with pyinstaller packaging/peptide_desk.spec" >&2
  exit 1
fi
codesign --verify --deep "$APP" || { echo "make_dmg: $APP has a broken signature" >&2; exit 1; }
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
rm -f "$OUT"
hdiutil create -volname "Peptide Desk ${VERSION}" -srcfolder "$STAGE" -fs HFS+ \
  -format UDZO -imagekey zlib-level=9 -ov "$OUT"
echo "make_dmg: wrote $OUT"
