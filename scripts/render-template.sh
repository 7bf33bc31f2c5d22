#!/usr/bin/env bash
# Renders sheets of the rate-card template to PNG for docs/excel-template.md:
#   zonerate template → LibreOffice (headless) → PDF → pdftoppm → PNG cropped to the cells.
# Needs: apt-get install -y libreoffice-calc-nogui poppler-utils fonts-wqy-microhei
# Usage: bash scripts/render-template.sh [out-dir]   (default docs/img)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/img}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo build --quiet --bin zonerate
target/debug/zonerate template -o "$work/template.xlsx"
(cd "$work" && libreoffice --headless --convert-to pdf template.xlsx >/dev/null 2>&1)
mkdir -p "$out"
# Page n of the PDF is sheet n of the workbook (each sheet fits one page wide).
pages=(2:info 3:flat 4:unit 5:continuation 13:zones)
dpi=130
for p in "${pages[@]}"; do
  page="${p%%:*}"; name="${p##*:}"
  pdftoppm -r "$dpi" -f "$page" -l "$page" -singlefile "$work/template.pdf" "$work/page"
  # The bounding box of the non-white pixels, plus a margin.
  box=$(python3 - "$work/page.ppm" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
# P6 header: magic, width, height, maxval, then RGB bytes.
parts = data.split(maxsplit=4)
w, h = int(parts[1]), int(parts[2])
px = parts[4]
x0, y0, x1, y1 = w, h, 0, 0
for y in range(h):
    row = px[y * w * 3:(y + 1) * w * 3]
    if row.count(b'\xff') == len(row):
        continue
    xs = [i // 3 for i in range(0, len(row), 3) if row[i:i + 3] != b'\xff\xff\xff']
    x0, x1 = min(x0, xs[0]), max(x1, xs[-1])
    y0, y1 = min(y0, y), max(y1, y)
m = 8
print(max(0, x0 - m), max(0, y0 - m), min(w, x1 + m) - max(0, x0 - m), min(h, y1 + m) - max(0, y0 - m))
PY
)
  read -r x y W H <<<"$box"
  pdftoppm -png -r "$dpi" -f "$page" -l "$page" -singlefile -x "$x" -y "$y" -W "$W" -H "$H" \
    "$work/template.pdf" "$out/template-$name"
  echo "$out/template-$name.png (${W}x${H})"
done
