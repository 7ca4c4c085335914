"""Runs the delivery path of ADR 0001 in one process and writes the ledger consumer's log.

payments writes each state change and its event in one SQLite transaction (the transactional
outbox); a relay publishes unpublished outbox rows to 12 in-memory partitions keyed by payment
id (the stand-in for Kafka: append-only, offsets per partition); the ledger consumer applies each
event and records its id in the same SQLite transaction, skipping ids it has applied. The relay
is killed twice between publishing and marking rows published, so it publishes those rows again
on restart (at-least-once), and the consumer must drop the copies.

--broken is the fail sample's run: the relay marks rows published *before* sending (a crash
loses them) and the consumer is not idempotent (a redelivered event is applied again).

    python3 tools/outbox_demo.py evidence/ledger-consumer.jsonl
    python3 tools/outbox_demo.py --broken evidence/ledger-consumer.jsonl
"""
import json
import random
import sqlite3
import sys
import time
import uuid
import zlib

broken = "--broken" in sys.argv
out_path = sys.argv[-1]
random.seed(11 if broken else 7)
PARTITIONS = 12
now_ms = lambda: time.time() * 1000

payments = sqlite3.connect(":memory:")
payments.executescript("""
create table payment (id text primary key, state text, version integer);
create table outbox (seq integer primary key autoincrement, event_id text, key text, sequence integer,
                     type text, produced_ms real, published integer default 0);
create index outbox_unpublished on outbox (published, seq);
""")
ledger = sqlite3.connect(":memory:")
ledger.executescript("create table applied (event_id text primary key); create table posting (event_id text, payment_id text, type text);")
log = [[] for _ in range(PARTITIONS)]      # the topic: one append-only list per partition
consumed_offsets = [0] * PARTITIONS
lines, duplicates_skipped, crashes = [], 0, 0

FLOW = ["PaymentInitiated", "PaymentAuthorized", "PaymentSettled"]


def produce(payment_id, step):
    event = FLOW[step] if not (step == 2 and random.random() < 0.03) else "PaymentFailed"
    with payments:  # one transaction: state change and outbox row
        payments.execute("insert into payment values (?, ?, 1) on conflict(id) do update set state = excluded.state, version = version + 1", (payment_id, event))
        payments.execute("insert into outbox (event_id, key, sequence, type, produced_ms) values (?, ?, ?, ?, ?)",
                         (str(uuid.UUID(int=random.getrandbits(128))), payment_id, step + 1, event, now_ms()))


def relay(crash=False):
    rows = payments.execute("select seq, event_id, key, sequence, type, produced_ms from outbox where published = 0 order by seq limit 200").fetchall()
    if broken and rows:
        with payments:
            payments.execute("update outbox set published = 1 where seq <= ?", (rows[-1][0],))
        if crash:
            return  # marked published, never sent: lost
    for (_, event_id, key, sequence, kind, produced) in rows:
        partition = zlib.crc32(key.encode()) % PARTITIONS
        log[partition].append({"event_id": event_id, "key": key, "sequence": sequence, "type": kind, "produced_ms": produced})
    if crash:
        return  # sent, but killed before marking them published: they go again after the restart
    if rows and not broken:
        with payments:
            payments.execute("update outbox set published = 1 where seq <= ?", (rows[-1][0],))


def consume():
    global duplicates_skipped
    for partition in range(PARTITIONS):
        while consumed_offsets[partition] < len(log[partition]):
            offset = consumed_offsets[partition]
            event = log[partition][offset]
            with ledger:
                seen = ledger.execute("select 1 from applied where event_id = ?", (event["event_id"],)).fetchone()
                if seen and not broken:
                    duplicates_skipped += 1
                else:
                    if not seen:
                        ledger.execute("insert into applied values (?)", (event["event_id"],))
                    ledger.execute("insert into posting values (?, ?, ?)", (event["event_id"], event["key"], event["type"]))
                    lines.append(json.dumps({**event, "partition": partition, "offset": offset, "consumed_ms": round(now_ms(), 3),
                                             "produced_ms": round(event["produced_ms"], 3)}, separators=(",", ":")))
            consumed_offsets[partition] += 1


open_payments = []
for tick in range(1400):
    for _ in range(5):  # five new payments per tick
        open_payments.append([f"pay-{uuid.UUID(int=random.getrandbits(128)).hex[:12]}", 0])
    random.shuffle(open_payments)
    for payment in open_payments[:12]:
        produce(payment[0], payment[1])
        payment[1] += 1
    open_payments = [p for p in open_payments if p[1] < 3]
    crash = tick in (400, 900)
    crashes += crash
    relay(crash=crash)
    consume()
while payments.execute("select count(*) from outbox where published = 0").fetchone()[0]:
    relay()
    consume()

with open(out_path, "w") as f:
    f.write("\n".join(lines) + "\n")
total = payments.execute("select count(*) from outbox").fetchone()[0]
print(f"{total} events produced, {len(lines)} applied, {duplicates_skipped} redelivered copies skipped, {crashes} relay crashes")
