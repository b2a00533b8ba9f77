#!/usr/bin/env bash
# Debian packages that the demo and the tests need beyond Python wheels.
#   scripts/system-deps.sh          what the demo uses: Xvfb, Qt's xcb libraries, a CJK font (`make demo`)
#   scripts/system-deps.sh --tests  that and Chromium, which only the receipt-page browser test uses (`make test`)
# Installs only what is missing; silent when everything is there.
set -euo pipefail
need=()
if [ "${1:-}" = "--tests" ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
fi
command -v Xvfb >/dev/null 2>&1 || need+=(xvfb)
# Qt's xcb platform plugin (a real display, or Xvfb for `make demo` on a server) needs these.
for lib in libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 \
           libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1; do
  dpkg -s "$lib" >/dev/null 2>&1 || need+=("$lib")
done
# Chinese text in the window (zh_CN) and its screenshots needs a CJK font; without one it shows boxes.
fc-list :lang=zh 2>/dev/null | grep -q . || need+=(fonts-wqy-microhei)
if [ ${#need[@]} -gt 0 ]; then
  echo "system-deps: installing ${need[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
