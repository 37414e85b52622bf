#!/usr/bin/env bash
# Regenerates cmd/weft/default.pgo: the CPU profile Go uses for
# profile-guided optimisation whenever it builds ./cmd/weft (`go build`,
# `go run` and `go install` pick up default.pgo in the main package's
# folder by themselves). The workload is the interpreter's: the benchmark
# suite, the program shapes of bench/shapes, the tasklet benchmarks and
# the threading benchmark, each run once
# by a weft built without the profile; their CPU profiles are merged.
#
#   bash bench/pgo.sh      (from anywhere in the repository; ~1 minute)
#
# Regenerate after large changes to the interpreter; a stale profile still
# works (Go matches it to the code by function), it just helps less.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root"
CGO_ENABLED=0 go build -pgo=off -o "$tmp/weft" ./cmd/weft

n=0
profile() { # FILE ARGS...
	n=$((n + 1))
	"$tmp/weft" run --cpuprofile "$tmp/$n.prof" "$@" >/dev/null
}
for p in bench/programs/*.weft bench/shapes/*.weft; do
	profile "$p"
done
profile bench/stackless/pingpong.weft 1000000
profile bench/stackless/pipe.weft 1000000
profile bench/stackless/spawn.weft 300000
profile bench/stackless/ring.weft 1000 1000
profile bench/threading/locks_queue.weft

go tool pprof -proto "$tmp"/*.prof >cmd/weft/default.pgo
echo "wrote cmd/weft/default.pgo ($(wc -c <cmd/weft/default.pgo) bytes) from $n profiles"
