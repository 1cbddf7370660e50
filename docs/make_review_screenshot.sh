#!/bin/sh
# Rebuilds docs/review-002.png: the review page of seed 002 (2021 form; its
# row totals are blank, so five row_total checks fail) with the source of one
# value opened through the page's #v= link, as headless Chromium draws it.
# Needs chromium and fonts-noto-cjk; Pillow (installed with pdfplumber) makes
# the PNG palette-based to keep it small.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python -m gxconvert.review corpus/seeds/002_808b9c10c0982807.txt -o "$tmp/page.html"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$tmp/profile" --hide-scrollbars --virtual-time-budget=2000 \
  --window-size=1280,1450 --screenshot="$tmp/shot.png" \
  "file://$tmp/page.html#v=applications.new_received.natural_person" 2>/dev/null
python -c "import sys; from PIL import Image; Image.open(sys.argv[1]).quantize(256).save(sys.argv[2], optimize=True)" \
  "$tmp/shot.png" docs/review-002.png
ls -l docs/review-002.png
