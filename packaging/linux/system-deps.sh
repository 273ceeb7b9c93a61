#!/usr/bin/env bash
# Install the system libraries Qt needs (offscreen and X11), on Debian/Ubuntu.
# As root: installs what is missing with apt-get. Otherwise: prints the exact command and
# exits 1. On other systems (no dpkg): prints a note and exits 0 (see README).
set -euo pipefail
PKGS=(libegl1 libgl1 libglx0 libopengl0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
      libfreetype6 libdbus-1-3 libglib2.0-0 fonts-dejavu-core libxcb-cursor0 libxcb-icccm4
      libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-randr0 libxcb-shape0
      libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0 libx11-xcb1)
# For the tests only, not the .deb's Depends (make_deb.py reads PKGS): pdftotext and
# pdfinfo read the printed PDFs back (tests/test_print_pdf.py).
CHECK_TOOLS=(poppler-utils)
if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system-deps: not a Debian/Ubuntu system; install Qt 6's runtime libraries yourself (see README)."
  exit 0
fi
missing=()
for p in "${PKGS[@]}" "${CHECK_TOOLS[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == *"install ok installed"* ]] || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  echo "system-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "Peptide Desk needs these system libraries for Qt: ${missing[*]}" >&2
  echo "Install them with:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  echo "then run the make command again." >&2
  exit 1
fi
