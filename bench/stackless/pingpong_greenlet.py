# The ping-pong on CPython with greenlet: greenlet switches replace the
# channel. Each pass is two switches: ping switches to pong with the value,
# pong switches back to ping.
import sys
import time
from greenlet import greenlet

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000

def ping(n):
    for i in range(n):
        pong_g.switch(i)
    pong_g.switch(None)

def pong(first):
    total = 0
    v = first
    while v is not None:
        total += v
        v = ping_g.switch()
    print("sum", total)

ping_g = greenlet(ping)
pong_g = greenlet(pong)
t0 = time.perf_counter()
ping_g.switch(N)
dt = time.perf_counter() - t0
print(f"passes {N} switches {2 * N} seconds {dt:.3f} switches/s {2 * N / dt:.0f}")
