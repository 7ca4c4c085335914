"""Consumes the order stream in a consumer group, one reader, in stream order, and writes
one CSV line per event: order id, sequence, produced and consumed time (ms since the epoch).
Events of one order are handled in the order they were published; every event is
acknowledged after it is written.
  python3 consume.py --port 16390 --out ../results/consumer-log.csv
"""

import argparse
import time

import redis

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, default=16390)
parser.add_argument("--stream", default="orders.v1.events")
parser.add_argument("--group", default="fulfilment")
parser.add_argument("--out", required=True)
args = parser.parse_args()

r = redis.Redis(host="127.0.0.1", port=args.port)
try:
    r.xgroup_create(args.stream, args.group, id="0", mkstream=True)
except redis.ResponseError:
    pass

with open(args.out, "w") as log:
    log.write("stream_id,order_id,seq,produced_ms,consumed_ms\n")
    done = False
    while not done:
        batches = r.xreadgroup(args.group, "fulfilment-1", {args.stream: ">"}, count=5000, block=2000)
        if not batches:
            break
        for _, entries in batches:
            ids, lines = [], []
            for entry_id, fields in entries:
                ids.append(entry_id)
                if fields[b"type"] == b"EndOfRun":
                    done = True
                    continue
                consumed = int(time.time() * 1000)
                lines.append(f"{entry_id.decode()},{fields[b'order_id'].decode()},{fields[b'seq'].decode()},{fields[b'produced_ms'].decode()},{consumed}\n")
            log.writelines(lines)
            r.xack(args.stream, args.group, *ids)
