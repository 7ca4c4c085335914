#!/usr/bin/env bash
# Renders an HTML report to a PNG with Debian's headless Chromium (apt-get install chromium),
# to look at what a reviewer sees: scripts/screenshot.sh report.html report.png [width] [height]
set -euo pipefail
html=$(realpath "$1")
png=$(realpath -m "$2")
width=${3:-1000}
height=${4:-1800}
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
  --window-size="${width},${height}" --screenshot="$png" "file://$html" 2>/dev/null
echo "wrote $png"
