"""Writes the CDC lab's evidence in the shapes Debezium's PostgreSQL connector documents.

Debezium, Kafka and PostgreSQL do not run on the machine these samples were made on, so this
script stands in for them: it replays the order service's writes (orders table with an
optimistic-locking `version` column, REPLICA IDENTITY FULL) and writes

  writes.jsonl   the order service's own write log: {"id", "version", "op", "ts"} per commit
  changes.jsonl  the change events as `kafka-console-consumer --topic shop.public.orders`
                 prints their values with schemas.enable=false: one Debezium 2.7 envelope per
                 line (before, after, source{version, connector, name, ts_ms, snapshot, db,
                 sequence, schema, table, txId, lsn, xmin}, op, ts_ms, transaction), after a
                 snapshot of the rows that existed when the connector started (op "r").

    python3 make_change_stream.py --out DIR [--incident]

--incident: the connector is restarted after its replication slot was dropped and recreated
(the documented way to lose changes) and before its last offsets were committed (the
documented at-least-once replay): six commits made while the slot was gone never reach the
topic, the ten events before the crash are delivered a second time, and the backlog leaves
capture lag in seconds.
"""
import argparse, json, os, random

parser = argparse.ArgumentParser()
parser.add_argument("--out", required=True)
parser.add_argument("--incident", action="store_true")
args = parser.parse_args()
rng = random.Random(11 if not args.incident else 12)
os.makedirs(args.out, exist_ok=True)

t0 = 1714550400000  # 2024-05-01T08:00:00Z, when the connector starts
lsn, tx = 24_023_128, 771
rows = {}
for oid in range(5001, 5021):  # orders that exist before the connector starts
    rows[oid] = {"id": oid, "customer_id": rng.randint(100, 999), "status": "PLACED",
                 "total_cents": rng.randint(1500, 40000), "version": 1}

def source(ts, snapshot, tx_id, at):
    return {"version": "2.7.0.Final", "connector": "postgresql", "name": "shop", "ts_ms": ts,
            "snapshot": snapshot, "db": "shop", "sequence": json.dumps([str(at - 88), str(at)], separators=(",", ":")),
            "schema": "public", "table": "orders", "txId": tx_id, "lsn": at, "xmin": None}

events, writes = [], []
snapshot_lsn = lsn
for i, oid in enumerate(sorted(rows)):
    last = i == len(rows) - 1
    events.append({"before": None, "after": dict(rows[oid]),
                   "source": source(t0 + 40, "last" if last else "true", tx, snapshot_lsn),
                   "op": "r", "ts_ms": t0 + 40 + i, "transaction": None})
now = t0 + 2000
next_id = 5021
statuses = ["PAID", "PICKED", "SHIPPED", "DELIVERED"]
for n in range(240):  # ~4 minutes of order traffic
    now += rng.randint(300, 1500)
    tx += 1
    lsn += rng.randint(200, 900)
    if rng.random() < 0.3 or not rows:
        oid, next_id = next_id, next_id + 1
        row = {"id": oid, "customer_id": rng.randint(100, 999), "status": "PLACED",
               "total_cents": rng.randint(1500, 40000), "version": 1}
        before, op = None, "c"
    else:
        oid = rng.choice(sorted(rows))
        before = dict(rows[oid])
        row = dict(before)
        row["version"] += 1
        row["status"] = statuses[min(statuses.index(row["status"]) + 1, 3)] if row["status"] in statuses else "PAID"
        if rng.random() < 0.05:
            row["status"] = "CANCELLED"
        op = "u"
    rows[oid] = row
    writes.append({"id": oid, "version": row["version"], "op": op, "ts": now})
    lag = int(rng.lognormvariate(4.6, 0.45))  # median ~100 ms from commit to the connector
    events.append({"before": before, "after": dict(row), "source": source(now, "false", tx, lsn),
                   "op": op, "ts_ms": now + lag, "transaction": None})

if args.incident:
    # Events 150..155 (streamed) were committed while the slot was gone: never captured.
    streamed = [e for e in events if e["op"] != "r"]
    lost = streamed[150:156]
    events = [e for e in events if not any(e is l for l in lost)]
    # The connector crashed after event 140 without committing offsets for 131..140: replayed.
    cut = events.index(streamed[140]) + 1
    events = events[:cut] + [json.loads(json.dumps(e)) for e in events[cut - 10:cut]] + events[cut:]
    # The backlog after the restart: capture lag in seconds for the rest of the run.
    for e in events[cut + 10:]:
        if e["op"] != "r":
            e["ts_ms"] = e["source"]["ts_ms"] + rng.randint(1800, 4200)

with open(os.path.join(args.out, "changes.jsonl"), "w") as f:
    for e in events:
        f.write(json.dumps(e, separators=(",", ":")) + "\n")
with open(os.path.join(args.out, "writes.jsonl"), "w") as f:
    for w in writes:
        f.write(json.dumps(w) + "\n")
