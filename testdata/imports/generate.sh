#!/usr/bin/env bash
# Regenerates app/main.out by running the same modules under python3: the
# .weft files are copied to .py files in a temporary folder, lib/ is put on
# PYTHONPATH as WEFTPATH is for Weft.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
mkdir -p "$tmp/app" "$tmp/lib"
for f in "$here"/app/*.weft; do cp "$f" "$tmp/app/$(basename "${f%.weft}").py"; done
for f in "$here"/lib/*.weft; do cp "$f" "$tmp/lib/$(basename "${f%.weft}").py"; done
(cd "$tmp/app" && PYTHONPATH="$tmp/lib" python3 main.py > "$here/app/main.out")
rm -rf "$tmp"
