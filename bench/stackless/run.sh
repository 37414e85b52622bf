#!/usr/bin/env bash
# Runs the tasklet benchmarks side by side and prints their figures:
#   ping-pong  switches/s of Weft (explicit send/receive calls, and the
#              send_sequence + for-over-channel idiom), CPython+greenlet
#              and Go (goroutines, unbuffered channel)
#   spawn      time and peak RSS per blocked tasklet for a million tasklets
#   ring       time for 1,000 tasklets passing a token 1,000 laps
# Each figure is the best of REPEAT runs (default 3); "cpu" is user+sys
# time from /usr/bin/time, which stays meaningful on a loaded machine,
# "wall" is what the program itself measured (the run with the least cpu).
#
# Usage: bench/stackless/run.sh [REPEAT]   (from anywhere in the repo)
# Needs: go, /usr/bin/time, and for the greenlet peer Debian's
# /usr/bin/python3 with python3-greenlet (apt-get install -y python3-greenlet).
set -euo pipefail

REPEAT=${1:-3}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$root" && CGO_ENABLED=0 go build -o "$tmp/weft" ./cmd/weft && go build -o "$tmp/goping" ./bench/stackless/goping)

# best CMD...: runs CMD REPEAT times; sets wall (the program's own
# "seconds" figure), cpu (user+sys) and rss (max resident KB) of the run
# with the least cpu.
best() {
	wall= cpu= rss=
	for _ in $(seq "$REPEAT"); do
		/usr/bin/time -o "$tmp/time" -f "%U %S %M" "$@" > "$tmp/out" 2> "$tmp/err" || {
			cat "$tmp/err" >&2
			exit 1
		}
		read -r u s m < <(tail -1 "$tmp/time")
		c=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.3f", u + s }')
		w=$(awk '{ for (i = 1; i < NF; i++) if ($i == "seconds" || $i == "total") v = $(i + 1) } END { print v }' "$tmp/out")
		if [ -z "$cpu" ] || awk -v a="$c" -v b="$cpu" 'BEGIN { exit !(a < b) }'; then
			cpu=$c wall=$w rss=$m
			cp "$tmp/out" "$tmp/best"
		fi
	done
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
rate() { awk -v n="$1" -v t="$2" 'BEGIN { if (t > 0) printf "%.1fM", n / t / 1e6; else print "-" }'; }

N=1000000
SW=$((2 * N))
echo "== ping-pong: $N passes = $SW switches (best of $REPEAT)"
printf "%-22s %9s %9s %12s %12s\n" "" "wall s" "cpu s" "switch/s" "switch/s cpu"
best "$tmp/weft" run "$here/pingpong.weft" $N
wweft=$wall cweft=$cpu
printf "%-22s %9s %9s %12s %12s\n" "weft" "$wall" "$cpu" "$(rate $SW "$wall")" "$(rate $SW "$cpu")"
best "$tmp/weft" run "$here/pipe.weft" $N
wpipe=$wall cpipe=$cpu
printf "%-22s %9s %9s %12s %12s\n" "weft pipe idiom" "$wall" "$cpu" "$(rate $SW "$wall")" "$(rate $SW "$cpu")"
if /usr/bin/python3 -c 'import greenlet' 2> /dev/null; then
	best /usr/bin/python3 "$here/pingpong_greenlet.py" $N
	wgl=$wall cgl=$cpu
	printf "%-22s %9s %9s %12s %12s\n" "cpython+greenlet" "$wall" "$cpu" "$(rate $SW "$wall")" "$(rate $SW "$cpu")"
else
	wgl= cgl=
	echo "cpython+greenlet       (skipped: apt-get install -y python3-greenlet)"
fi
best "$tmp/goping" $N
wgo=$wall cgo=$cpu
printf "%-22s %9s %9s %12s %12s\n" "go (GOMAXPROCS=1)" "$wall" "$cpu" "$(rate $SW "$wall")" "$(rate $SW "$cpu")"
[ -n "$cgl" ] && echo "weft vs greenlet: $(ratio "$wgl" "$wweft")x wall, $(ratio "$cgl" "$cweft")x cpu (>1: weft faster)"
echo "weft vs go:       $(ratio "$wgo" "$wweft")x wall, $(ratio "$cgo" "$cweft")x cpu (>1: weft faster)"
[ -n "$cgl" ] && echo "pipe vs greenlet: $(ratio "$wgl" "$wpipe")x wall, $(ratio "$cgl" "$cpipe")x cpu"
echo "pipe vs go:       $(ratio "$wgo" "$wpipe")x wall, $(ratio "$cgo" "$cpipe")x cpu"

echo
echo "== spawn: $N tasklets blocked in ch.receive(), then woken (best of $REPEAT)"
best "$tmp/weft" run "$here/spawn.weft" 0
base=$rss
best "$tmp/weft" run "$here/spawn.weft" $N
per=$(awk -v m="$rss" -v b="$base" -v n=$N 'BEGIN { printf "%.0f", (m - b) * 1024 / n }')
echo "wall $wall s, cpu $cpu s, peak RSS $((rss / 1024)) MB (empty run $((base / 1024)) MB): $per bytes per blocked tasklet"
cat "$tmp/best"

echo
echo "== ring: 1000 tasklets, token passed 1000 laps = 1,000,000 hops (best of $REPEAT)"
best "$tmp/weft" run "$here/ring.weft" 1000 1000
echo "wall $wall s, cpu $cpu s: $(rate 1000000 "$wall") hops/s"
