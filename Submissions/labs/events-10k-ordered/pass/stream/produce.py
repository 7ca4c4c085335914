"""Publishes order events to a Redis Stream at a fixed rate for a fixed time, on loopback.

Each event carries its order id (the ordering key), a per-order sequence number and the time
it was produced; XADD gives the stream its own total order. Usage:
  python3 produce.py --port 16390 --rate 12000 --seconds 6 --orders 500
"""

import argparse
import time

import redis

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, default=16390)
parser.add_argument("--stream", default="orders.v1.events")
parser.add_argument("--rate", type=int, default=12000)
parser.add_argument("--seconds", type=float, default=6)
parser.add_argument("--orders", type=int, default=500)
args = parser.parse_args()

r = redis.Redis(host="127.0.0.1", port=args.port)
seq = [0] * args.orders
tick = 0.01
per_tick = max(1, int(args.rate * tick))
start = time.time()
sent = 0
n = 0
while time.time() - start < args.seconds:
    pipe = r.pipeline(transaction=False)
    now_ms = int(time.time() * 1000)
    for _ in range(per_tick):
        order = n % args.orders
        seq[order] += 1
        pipe.xadd(args.stream, {"order_id": f"o-{order}", "seq": seq[order], "type": "OrderLineAdded", "produced_ms": now_ms})
        n += 1
    pipe.execute()
    sent += per_tick
    # Pace to the target rate: wait for the next tick.
    delay = start + (sent / args.rate) - time.time()
    if delay > 0:
        time.sleep(delay)
r.xadd(args.stream, {"type": "EndOfRun", "produced_ms": int(time.time() * 1000)})
print(f"produced {sent} events in {time.time() - start:.2f} s")
