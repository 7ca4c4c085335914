"""The straightforward script a reviewer would write for a k6 --out json log: json.loads per
line, keep http_req_duration values, sort, take p95; count requests and failures. The peer
figure beside `AssessBenchmarks loadtest`."""
import json
import resource
import sys
import time

path = sys.argv[1]
start = time.perf_counter()
durations = []
requests = failures = 0
size = 0
with open(path, "rb") as f:
    for line in f:
        size += len(line)
        record = json.loads(line)
        if record.get("type") != "Point":
            continue
        metric = record.get("metric")
        if metric == "http_req_duration":
            durations.append(record["data"]["value"])
        elif metric == "http_reqs":
            requests += 1
        elif metric == "http_req_failed" and record["data"]["value"]:
            failures += 1
durations.sort()
p95 = durations[max(0, int(len(durations) * 0.95 + 0.999999) - 1)] if durations else None
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"peer: python json.loads: {size / 1e6:.0f} MB in {elapsed:.2f} s = {size / 1e6 / elapsed:.0f} MB/s "
      f"({requests} requests, {failures} failed, p95 {p95:.2f} ms), peak {peak:.0f} MiB")
