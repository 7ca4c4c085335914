"""Consumes the order stream and hands each event to a pool of eight worker threads, which
write it to the database (simulated: 0-2 ms of I/O) and then log it. Workers take events from
one shared queue, with no key affinity. Writes one CSV line per event: order id, sequence,
produced and consumed time (ms since the epoch).
  python3 consume.py --port 16390 --out ../results/consumer-log.csv
"""

import argparse
import queue
import random
import threading
import time

import redis

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, default=16390)
parser.add_argument("--stream", default="orders.v1.events")
parser.add_argument("--out", required=True)
args = parser.parse_args()

r = redis.Redis(host="127.0.0.1", port=args.port)
work = queue.Queue(maxsize=4000)
lock = threading.Lock()
log = open(args.out, "w")
log.write("stream_id,order_id,seq,produced_ms,consumed_ms\n")


def worker():
    while True:
        item = work.get()
        if item is None:
            return
        entry_id, fields = item
        time.sleep(random.uniform(0, 0.002))  # the database write
        consumed = int(time.time() * 1000)
        with lock:
            log.write(f"{entry_id.decode()},{fields[b'order_id'].decode()},{fields[b'seq'].decode()},{fields[b'produced_ms'].decode()},{consumed}\n")


threads = [threading.Thread(target=worker) for _ in range(8)]
for t in threads:
    t.start()
last = "0"
done = False
while not done:
    batches = r.xread({args.stream: last}, count=2000, block=2000)
    if not batches:
        break
    for _, entries in batches:
        for entry_id, fields in entries:
            last = entry_id
            if fields[b"type"] == b"EndOfRun":
                done = True
                continue
            work.put((entry_id, fields))
for _ in threads:
    work.put(None)
for t in threads:
    t.join()
log.close()
