#!/usr/bin/env python3
"""The straightforward peer for the convergence case of `AssessBenchmarks cdc`: json.loads each
line of the replica log, keep writes in a list and reads in a dict of (key, replica) -> list,
sort each list by time, count reads of an older version after a newer one, and for each
write the first read on every replica showing it (or a later version): convergence p99,
writes that never converged (unless a later write of the key overtook them), and keys whose
replicas end elsewhere than the latest write. Prints MB/s, lines/s and peak RSS."""
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


path = sys.argv[1]
size = os.path.getsize(path)
start = time.perf_counter()
writes = []
reads = {}
replicas = set()
lines = 0
with open(path, "rb") as f:
    for number, line in enumerate(f, 1):
        if not line.strip():
            continue
        record = json.loads(line)
        lines += 1
        if record["event"] == "write":
            writes.append((record["key"], record["version"], record["ts"], number))
        else:
            replicas.add(record["replica"])
            reads.setdefault((record["key"], record["replica"]), []).append(
                (record["ts"], number, record["version"]))
read = time.perf_counter()
stale = 0
for history in reads.values():
    history.sort()
    top = None
    for _, _, version in history:
        if top is not None and version < top:
            stale += 1
        if top is None or version > top:
            top = version
highest = {}
for key, version, _, _ in writes:
    highest[key] = max(highest.get(key, version), version)
latest = {}
convergence = []
never = 0
for key, version, ts, _ in writes:
    if key in latest and latest[key] >= version:
        continue
    latest[key] = version
    slowest = 0
    missing = False
    for replica in replicas:
        shown = next((t for t, _, v in reads.get((key, replica), []) if v >= version and t >= ts), None)
        if shown is None:
            missing = True
            break
        slowest = max(slowest, shown - ts)
    if not missing:
        convergence.append(slowest)
    elif highest[key] == version:
        never += 1
divergent = sum(1 for key, version in latest.items() for replica in replicas
                if reads.get((key, replica)) and reads[(key, replica)][-1][2] != version)
convergence.sort()
p99 = convergence[max(0, -(-len(convergence) * 99 // 100) - 1)] if convergence else 0
done = time.perf_counter()
peak = peak_mib()
elapsed = done - start
print("peer: Python json.loads + dicts, convergence".ljust(44)
      + "%9.2f s %9.1f %11.0f %8.0f MiB" % (elapsed, size / 1e6 / elapsed, lines / elapsed, peak))
print("  read %.2f s, checks %.2f s; %d writes, %d replicas, %d never converged, %d stale reads, "
      "%d keys not on the latest write, convergence p99 %d ms"
      % (read - start, done - read, len(writes), len(replicas), never, stale, divergent, p99))
