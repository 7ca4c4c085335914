#!/usr/bin/env python3
"""The straightforward peer for `AssessBenchmarks cdc`: json.loads each Debezium change event,
keep each key's last source.lsn in a dict and every (key, lsn) seen in a set (duplicates and
changes out of order), capture lags (ts_ms - source.ts_ms) in a list sorted for p95 and p99,
the delivered (key, version) pairs in a set, then read the application's write log against
them for lost changes. Prints MB/s of both files, events/s and peak RSS, as Assess's rows."""
import json, os, resource, sys, time


def peak_mib():
    """This process's own peak RSS: VmHWM, since ru_maxrss after exec keeps the parent's peak."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


stream_path, writes_path = sys.argv[1], sys.argv[2]
size = os.path.getsize(stream_path) + os.path.getsize(writes_path)
start = time.perf_counter()
events = snapshot = tombstones = duplicates = reordered = 0
last = {}
seen = set()
lags = []
delivered = set()
with open(stream_path, "rb") as f:
    for line in f:
        if not line.strip():
            continue
        event = json.loads(line)
        events += 1
        if event is None:
            tombstones += 1
            continue
        op = event.get("op")
        source = event.get("source") or {}
        row = (event.get("before") if op == "d" else event.get("after")) or {}
        key = row.get("order_id")
        if key is not None and row.get("version") is not None:
            delivered.add((str(key), str(row["version"])))
        if op == "r" or source.get("snapshot", "false") not in ("false", False, None):
            snapshot += 1
            continue
        if op in ("c", "u", "d") and source.get("ts_ms") and event.get("ts_ms") is not None:
            lags.append(max(0, event["ts_ms"] - source["ts_ms"]))
        lsn = source.get("lsn")
        if (key, lsn) in seen:
            duplicates += 1
        elif key in last and lsn < last[key]:
            reordered += 1
        else:
            last[key] = lsn
        seen.add((key, lsn))
read = time.perf_counter()
writes = lost = 0
with open(writes_path, "rb") as f:
    for line in f:
        if not line.strip():
            continue
        write = json.loads(line)
        writes += 1
        if (str(write["order_id"]), str(write["version"])) not in delivered:
            lost += 1
lags.sort()
p95 = lags[max(0, -(-len(lags) * 95 // 100) - 1)] if lags else 0
p99 = lags[max(0, -(-len(lags) * 99 // 100) - 1)] if lags else 0
done = time.perf_counter()
peak = peak_mib()
elapsed = done - start
print("peer: Python json.loads + dicts, cdc".ljust(44)
      + "%9.2f s %9.1f %11.0f %8.0f MiB" % (elapsed, size / 1e6 / elapsed, events / elapsed, peak))
print("  stream %.2f s, write log + p95 %.2f s; %d events (%d snapshot, %d tombstones), %d duplicates, "
      "%d reordered, %d of %d writes lost, capture lag p95 %d ms, p99 %d ms"
      % (read - start, done - read, events, snapshot, tombstones, duplicates, reordered, lost, writes, p95, p99))
