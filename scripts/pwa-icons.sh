#!/bin/sh
# Regenerate the installable app's icons (web/public/icons) with ImageMagick. The maskable icon keeps its mark
# inside the central 80 % safe zone, on a full-bleed background, so any launcher shape crops only background.
set -e
out="$(dirname "$0")/../web/public/icons"
mkdir -p "$out"
mark() { # size, background drawn as: rounded | full, mark scale (of size)
  s=$1; bg=$2; k=$3
  c=$((s / 2)); r=$((s * k / 200)); w=$((s * k / 1000))
  if [ "$bg" = full ]; then back="rectangle 0,0 $s,$s"; else back="roundrectangle 0,0 $((s - 1)),$((s - 1)) $((s / 6)),$((s / 6))"; fi
  convert -size "${s}x${s}" xc:none \
    -fill '#0d1117' -draw "$back" \
    -fill none -stroke '#4c9aff' -strokewidth "$w" -draw "circle $c,$c $((c + r)),$c" \
    -fill '#4c9aff' -stroke none -draw "circle $c,$c $((c + r * 2 / 5)),$c" \
    -strip -depth 8 -define png:compression-level=9 "$4"
}
mark 192 rounded 70 "$out/icon-192.png"
mark 512 rounded 70 "$out/icon-512.png"
mark 512 full 50 "$out/icon-maskable-512.png"
mark 180 full 60 "$out/apple-touch-icon.png"
