#!/usr/bin/env bash
# Install what OnTime Dispatch needs on a Debian/Ubuntu machine: Qt's system libraries, fonts,
# Xvfb (for the window tests), poppler-utils (PDF checks), PostgreSQL, and a Python venv in
# .venv with the project and its test tools. Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  # Qt offscreen/xcb platform and fonts (without a font Qt draws empty boxes)
  libglib2.0-0 libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 fonts-dejavu-core
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
  libxcb-shape0 libxkbcommon-x11-0 libcups2
  # a virtual screen for the real-window test, and screenshots of it
  xvfb xauth
  # reading generated PDFs back in tests
  poppler-utils
  # the shared-database server
  postgresql
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "Installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[test]'
echo "Installed. Start the demo with: .venv/bin/python main.py --demo"
