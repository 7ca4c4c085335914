#!/usr/bin/env python3
"""The straightforward peer for `AssessBenchmarks traces`: json.loads each OTLP JSON line,
assemble spans in dicts (trace -> span id -> span, parent -> children), count roots and
orphans, end-to-end durations and their p99, and the error ratio. Prints MB/s and peak RSS."""
import json, os, resource, sys, time

path = sys.argv[1]
size = os.path.getsize(path)
start = time.perf_counter()
traces = {}
spans = 0
with open(path, "rb") as f:
    for line in f:
        if not line.strip():
            continue
        request = json.loads(line)
        for rs in request.get("resourceSpans", []):
            service = next((a["value"].get("stringValue") for a in rs.get("resource", {}).get("attributes", [])
                            if a["key"] == "service.name"), "unknown_service")
            for ss in rs.get("scopeSpans", []):
                for s in ss.get("spans", []):
                    s["service"] = service
                    traces.setdefault(s["traceId"], {})[s["spanId"]] = s
                    spans += 1
read = time.perf_counter()
whole = errors = 0
durations = []
children = {}
for trace in traces.values():
    roots = orphans = 0
    for s in trace.values():
        parent = s.get("parentSpanId")
        if not parent:
            roots += 1
        elif parent in trace:
            children.setdefault(parent, []).append(s["spanId"])
        else:
            orphans += 1
        if s.get("status", {}).get("code") == 2:
            errors += 1
    whole += roots == 1 and orphans == 0
    root = next((s for s in trace.values() if not s.get("parentSpanId")), None)
    if root:
        durations.append((int(root["endTimeUnixNano"]) - int(root["startTimeUnixNano"])) / 1e6)
durations.sort()
p99 = durations[int(len(durations) * 0.99) - 1] if durations else 0
done = time.perf_counter()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
mb = size / 1048576
print("peer: Python json.loads + dicts".ljust(44) + "%8.2f s  %8.1f MB/s" % (done - start, mb / (done - start)))
print("  read %.2f s, assemble + grade %.2f s; %d spans, %d traces (%d whole), p99 %.1f ms, error ratio %.4f; peak RSS %.0f MB"
      % (read - start, done - read, spans, len(traces), whole, p99, errors / max(spans, 1), rss / 1048576))
