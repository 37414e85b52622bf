#!/usr/bin/env bash
# Threads on tasklets, measured: wall time, CPU time (user+sys) and peak
# RSS of each program under `weft run` and, where it can run, under
# python3 (real OS threads), alternating which goes first.
#
#   bash bench/threading/run.sh [ROUNDS]      (default 3)
#
# Builds ./cmd/weft into a temporary file first (set WEFT=path to use
# another binary). Needs GNU time (/usr/bin/time). The machines here have
# 2 cores and are shared: read the CPU column too, it is steadier.
set -eu
cd "$(dirname "${BASH_SOURCE[0]}")"
rounds="${1:-3}"
if [ -z "${WEFT:-}" ]; then
    WEFT="$(mktemp)"
    trap 'rm -f "$WEFT"' EXIT
    (cd ../.. && CGO_ENABLED=0 go build -o "$WEFT" ./cmd/weft)
fi
PY="${PYTHON:-python3}"

measure() { # label cmd...
    local label="$1"; shift
    local out
    out="$( { /usr/bin/time -f "%e %U %S %M" "$@" >/dev/null; } 2>&1 | tail -n 1)"
    read -r wall user sys rss <<<"$out"
    printf '%-28s wall %6.2f s   cpu %6.2f s   peak RSS %7.1f MB\n' \
        "$label" "$wall" "$(echo "$user + $sys" | bc)" "$(echo "scale=1; $rss / 1024" | bc)"
}

echo "weft: $("$WEFT" version 2>/dev/null || echo "$WEFT")   python3: $("$PY" --version 2>&1)"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$rounds"); do
    echo "--- round $r"
    if [ $((r % 2)) -eq 1 ]; then
        measure "locks_queue  weft" "$WEFT" run locks_queue.weft
        measure "locks_queue  python3" "$PY" locks_queue.weft
    else
        measure "locks_queue  python3" "$PY" locks_queue.weft
        measure "locks_queue  weft" "$WEFT" run locks_queue.weft
    fi
    # 100,000 OS threads exceed the process limits here: Weft only.
    measure "sleepers     weft" "$WEFT" run sleepers.weft
done
