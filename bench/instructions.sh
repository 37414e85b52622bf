#!/usr/bin/env bash
# Counts the instructions each program runs under two weft binaries, with
# valgrind's cachegrind (no cache simulation), and prints the counts and
# their ratio. On the shared 2-core machines wall and CPU times move by
# 10-30% between runs; instruction counts move by well under 1% for most
# programs, so they show what a change does to the interpreter's work.
# (Programs whose collections run concurrently, such as dictstr, vary
# more: the collector's share depends on thread timing.)
#
#   bash bench/instructions.sh OLD_BIN NEW_BIN PROGRAM.weft...
#
# Cachegrind runs a program about 50 times slower than natively: use the
# shapes (bench/shapes, 0.2-0.8 s each) or smaller inputs of the suite's
# programs. The two binaries run side by side, one per core.
set -euo pipefail
if [ $# -lt 3 ]; then
	echo "usage: bash bench/instructions.sh OLD_BIN NEW_BIN PROGRAM.weft..." >&2
	exit 2
fi
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
old=$1 new=$2
shift 2
count() { # BIN PROGRAM: prints the instruction count
	valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
		"$1" run "$2" 2>&1 >/dev/null | awk '/I *refs:/ { gsub(",", "", $NF); print $NF }'
}
printf '%-28s %15s %15s %8s\n' program old new new/old
for p in "$@"; do
	a=$(mktemp) b=$(mktemp)
	count "$old" "$p" >"$a" &
	count "$new" "$p" >"$b" &
	wait
	printf '%-28s %15s %15s %8s\n' "$(basename "$p")" "$(cat "$a")" "$(cat "$b")" \
		"$(awk -v x="$(cat "$a")" -v y="$(cat "$b")" 'BEGIN { if (x > 0) printf "%.4f", y / x }')"
	rm -f "$a" "$b"
done
