#!/usr/bin/env bash
# Regenerates docs/images/nvim.png from a real Neovim session: weft lsp
# publishes diagnostics, :WeftEval shows a value, and a hover shows the
# stack report. Needs nvim, tmux and rsvg-convert (apt: librsvg2-bin).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
work="$(mktemp -d)"
go build -C "$root" -o "$work/" ./cmd/weft ./cmd/weft-lsp
cp "$here/demo.weft" "$work/"
sed "s#EDITORS_NVIM#$root/editors/nvim#; s#WEFT_BIN#$work/weft#" "$here/init.lua" > "$work/init.lua"
tmux kill-session -t weftshot 2>/dev/null || true
tmux new-session -d -s weftshot -x 110 -y 22 "cd $work && TERM=xterm-256color nvim -u init.lua demo.weft"
sleep 4
tmux send-keys -t weftshot ':15WeftEval' Enter; sleep 2
tmux send-keys -t weftshot '3G5|'; sleep 0.3
tmux send-keys -t weftshot ':lua vim.lsp.buf.hover()' Enter; sleep 2
tmux capture-pane -t weftshot -e -p > "$work/screen.ansi"
tmux kill-session -t weftshot
python3 "$here/ansi2svg.py" "$work/screen.ansi" "$work/screen.svg"
rsvg-convert -o "$root/docs/images/nvim.png" "$work/screen.svg"
rm -rf "$work"
