#!/usr/bin/env bash
# Regenerates the expected outputs of the Weft conformance corpus.
#
# CPython 3.11 (`python3`) is the oracle: for every NAME.weft in this folder
# it runs `python3 NAME.weft` from inside this folder (10 s timeout) and writes
#   NAME.out  the exact stdout bytes;
#   NAME.err  only when the exit status is nonzero: the last line of stderr
#             (e.g. "ZeroDivisionError: division by zero") plus a newline.
# A stale NAME.err is removed when the program exits 0.  Idempotent; run it as
#   bash testdata/conformance/generate.sh
# from the repository root (or from anywhere: it cds to its own folder).
set -u

cd "$(dirname "${BASH_SOURCE[0]}")" || exit 1

# Make stdout encoding independent of the caller's locale.
export PYTHONIOENCODING=utf-8
export PYTHONUTF8=1
export PYTHONDONTWRITEBYTECODE=1

tmp_err="$(mktemp)"
trap 'rm -f "$tmp_err"' EXIT

shopt -s nullglob
count=0
failing=0
problems=0
for src in *.weft; do
    name="${src%.weft}"
    # Every program runs well under a second; a timeout means the machine
    # stalled, so retry (at most twice) before recording the result.
    for attempt in 1 2 3; do
        timeout 10 python3 "$src" >"$name.out" 2>"$tmp_err"
        rc=$?
        [ "$rc" -ne 124 ] && break
    done
    count=$((count + 1))
    if [ "$rc" -ne 0 ]; then
        failing=$((failing + 1))
        last="$(tail -n 1 "$tmp_err")"
        printf '%s\n' "$last" >"$name.err"
        if [ "$rc" -eq 124 ] || [ -z "$last" ]; then
            echo "warning: $src: exit status $rc (timeout or empty stderr)" >&2
            problems=$((problems + 1))
        fi
    else
        rm -f "$name.err"
    fi
done

echo "generated $count programs ($failing end with an uncaught exception)"
[ "$problems" -eq 0 ]
