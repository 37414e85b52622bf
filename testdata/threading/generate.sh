#!/usr/bin/env bash
# Regenerates the expected outputs of the threading corpus.
#
# CPython 3.11 (`python3`, real OS threads) is the oracle: for every
# NAME.weft in this folder it runs `python3 NAME.weft` from inside this
# folder (30 s timeout) and writes
#   NAME.out      the exact stdout bytes;
#   NAME.err      only when the exit status is nonzero: the last line of
#                 stderr plus a newline;
#   NAME.threads  only when the program exits 0 but printed to stderr (an
#                 uncaught exception in a thread): each "Exception in thread
#                 NAME:" line followed by the last line of that report
#                 ("ValueError: boom"), which driver/threading_test.go
#                 checks against Weft's stderr (the frames in between are
#                 CPython's threading.py and differ).
# Every program's output must not depend on thread timing; the script runs
# each one three times and warns when the outputs differ.
# The programs in deadlock/ would hang under CPython: their expected
# outputs are written by hand (see deadlock/README).
# Run it as
#   bash testdata/threading/generate.sh
# from anywhere (it cds to its own folder).
set -u

cd "$(dirname "${BASH_SOURCE[0]}")" || exit 1

export PYTHONIOENCODING=utf-8
export PYTHONUTF8=1
export PYTHONDONTWRITEBYTECODE=1

tmp_err="$(mktemp)"
tmp_out="$(mktemp)"
trap 'rm -f "$tmp_err" "$tmp_out"' EXIT

# thread_reports prints, from a stderr text, each "Exception in thread"
# line and the last line of its report.
thread_reports() {
    awk '
        /^Exception in thread / { if (hdr != "") print last; hdr = $0; print; next }
        hdr != "" && NF > 0 { last = $0 }
        END { if (hdr != "") print last }
    ' "$1"
}

shopt -s nullglob
count=0
failing=0
problems=0
for src in *.weft; do
    name="${src%.weft}"
    timeout 30 python3 "$src" >"$name.out" 2>"$tmp_err"
    rc=$?
    count=$((count + 1))
    rm -f "$name.err" "$name.threads"
    if [ "$rc" -ne 0 ]; then
        failing=$((failing + 1))
        last="$(tail -n 1 "$tmp_err")"
        printf '%s\n' "$last" >"$name.err"
        if [ "$rc" -eq 124 ] || [ -z "$last" ]; then
            echo "warning: $src: exit status $rc (timeout or empty stderr)" >&2
            problems=$((problems + 1))
        fi
    elif [ -s "$tmp_err" ]; then
        thread_reports "$tmp_err" >"$name.threads"
        [ -s "$name.threads" ] || rm -f "$name.threads"
    fi
    # Timing independence: two more runs must print the same.
    for again in 2 3; do
        timeout 30 python3 "$src" >"$tmp_out" 2>/dev/null
        if ! cmp -s "$tmp_out" "$name.out"; then
            echo "warning: $src: output differs between runs (timing-dependent)" >&2
            problems=$((problems + 1))
            break
        fi
    done
done

echo "generated $count programs ($failing end with an uncaught exception)"
[ "$problems" -eq 0 ]
