"""Writes a cohort of N submissions' lab outputs for `assess integrity` (shared evidence): each
learner's own k6 --out json stream, OTLP trace export, Debezium stream (the same LSNs for all,
as a fresh database gives, with their own ts_ms), Temporal history (the lab's workflow id, their
own run id), Redis INFO reply, and a fixture every learner was handed. One learner in 25 hands
in another's evidence, disguised in turn: traces re-exported as Zipkin, the k6 stream moved by
an hour, the change stream re-serialised, the history pretty-printed, the INFO reply with other
line endings, or the k6 file byte for byte. Writes rubric.yaml and planted.json;
`--score COHORT OUT` prints precision and recall from OUT/integrity.json.

    python3 evidence_cohort.py /tmp/cohort 1000
    assess integrity /tmp/cohort --rubric /tmp/cohort/rubric.yaml --out /tmp/out
    python3 evidence_cohort.py --score /tmp/cohort /tmp/out
"""
import json, os, random, sys

RUBRIC = """rubric: evidence-cohort
title: Evidence cohort
version: 1.0.0
pass: 50
inputs:
  load: { paths: ["load/*.json"], many: true }
  traces: { paths: ["traces/*.json"], many: true }
  cdc: { paths: ["cdc/*.jsonl"], many: true }
  workflows: { paths: ["workflows/*.json"], many: true }
  cache: { paths: ["cache/*.txt"], many: true }
criteria:
  - { id: l, title: Load, weight: 1, grader: file.exists, input: load, hint: Hand in a load test. }
"""

def hexs(r, n): return "".join(r.choice("0123456789abcdef") for _ in range(n))

def stamp(seconds, hours=0):
    micros = round(seconds * 1_000_000); whole = micros // 1_000_000
    return "2026-11-20T%02d:%02d:%02d.%06d+00:00" % (10 + hours + whole // 3600, (whole // 60) % 60, whole % 60, micros % 1_000_000)

def k6_samples(r, n=300):
    t, out = float(r.randrange(600)), []
    for _ in range(n):
        t += r.randint(1, 40_000) / 1e6
        out.append((t, r.randint(8_000, 180_000) / 1000))
    return out

def k6(samples, hours=0):
    lines = ['{"type":"Metric","data":{"type":"trend","contains":"time"},"metric":"http_req_duration"}']
    for t, v in samples:
        lines.append('{"metric":"http_req_duration","type":"Point","data":{"time":"%s","value":%s,"tags":{"name":"GET /orders"}}}' % (stamp(t, hours), v))
        lines.append('{"metric":"http_reqs","type":"Point","data":{"time":"%s","value":1,"tags":{"name":"GET /orders"}}}' % stamp(t, hours))
    return "\n".join(lines) + "\n"

def otlp(spans):
    body = ",".join('{"traceId":"%s","spanId":"%s","name":"GET /orders","kind":2,"startTimeUnixNano":"%d","endTimeUnixNano":"%d"}'
                    % (t, s, 1795000000000000000 + i * 1000000, 1795000000000000000 + i * 1000000 + 500000) for i, (t, s) in enumerate(spans))
    return '{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"orders"}}]},"scopeSpans":[{"spans":[%s]}]}]}\n' % body

def zipkin(spans):
    return "[\n" + ",\n".join('  {"traceId": "%s", "id": "%s", "name": "get /orders", "kind": "SERVER", "timestamp": %d, "duration": 500, "localEndpoint": {"serviceName": "orders"}}'
                              % (t, s, 1795000000000000 + i * 1000) for i, (t, s) in enumerate(spans)) + "\n]\n"

def changes(r, n=200):
    ts, out = 1795000000000 + r.randrange(10_000_000), []
    for i in range(n):
        ts += r.randint(5, 50)
        out.append((24023128 + i * 88, ts))
    return out

def debezium(cs, spaced=False):
    if spaced:
        return "".join('{"op": "c", "ts_ms": %d, "source": {"lsn": %d, "ts_ms": %d, "connector": "postgresql"}, "after": {"id": %d}, "before": null}\n' % (ts + 12, l, ts, 5001 + i) for i, (l, ts) in enumerate(cs))
    return "".join('{"before":null,"after":{"id":%d},"source":{"connector":"postgresql","ts_ms":%d,"lsn":%d},"op":"c","ts_ms":%d}\n' % (5001 + i, ts, l, ts + 12) for i, (l, ts) in enumerate(cs))

def temporal(run, pretty=False):
    started = '{"eventId":"1","eventType":"EVENT_TYPE_WORKFLOW_EXECUTION_STARTED","workflowExecutionStartedEventAttributes":{"workflowId":"order-42","originalExecutionRunId":"%s","firstExecutionRunId":"%s"}}' % (run, run)
    done = '{"eventId":"2","eventType":"EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED","workflowExecutionCompletedEventAttributes":{}}'
    return ('{\n  "events": [\n    %s,\n    %s\n  ]\n}\n' if pretty else '{"events":[%s,%s]}\n') % (started, done)

def redis(r):
    return "# Server\r\nredis_version:7.2.4\r\nrun_id:%s\r\nuptime_in_seconds:%d\r\n# Stats\r\nkeyspace_hits:%d\r\nkeyspace_misses:%d\r\nevicted_keys:0\r\n" % (
        hexs(r, 40), r.randint(100, 9000), r.randint(1000, 90000), r.randint(10, 9000))

if sys.argv[1] == "--score":
    planted = {tuple(p) for p in json.load(open(sys.argv[2] + "/planted.json"))}
    found = {(p["a"], p["b"]) for p in json.load(open(sys.argv[3] + "/integrity.json"))["evidence"]}
    tp = len(found & planted)
    print(f"planted {len(planted)}, flagged {len(found)}: precision {tp}/{len(found)}, recall {tp}/{len(planted)}")
    sys.exit(0)

root, n = sys.argv[1], int(sys.argv[2])
r = random.Random(27)
fixture = '{"course":"fixture","rows":[1,2,3]}\n' * 4
own, planted = [], []
def write(i, path, text):
    os.makedirs(os.path.dirname(f"{root}/l{i:05d}/{path}"), exist_ok=True)
    with open(f"{root}/l{i:05d}/{path}", "w", newline="") as f: f.write(text)
for i in range(n):
    mine = dict(k6=k6_samples(r), spans=[(hexs(r, 32), hexs(r, 16)) for _ in range(50)], cdc=changes(r),
                run="-".join(hexs(r, k) for k in (8, 4, 4, 4, 12)), redis=redis(r))
    own.append(mine)
    write(i, "load/run.json", k6(mine["k6"])); write(i, "load/fixture.json", fixture)
    write(i, "traces/export.json", otlp(mine["spans"])); write(i, "cdc/changes.jsonl", debezium(mine["cdc"]))
    write(i, "workflows/order.json", temporal(mine["run"])); write(i, "cache/info.txt", mine["redis"])
    if i % 25 == 24:
        src = i - 1 - r.randrange(23)
        s, kind = own[src], (i // 25) % 6
        if kind == 0: write(i, "traces/export.json", zipkin(s["spans"]))
        if kind == 1: write(i, "load/run.json", k6(s["k6"], hours=1))
        if kind == 2: write(i, "cdc/changes.jsonl", debezium(s["cdc"], spaced=True))
        if kind == 3: write(i, "workflows/order.json", temporal(s["run"], pretty=True))
        if kind == 4: write(i, "cache/info.txt", s["redis"].replace("\r\n", "\n"))
        if kind == 5: write(i, "load/run.json", k6(s["k6"]))
        planted.append((f"l{src:05d}", f"l{i:05d}"))
open(f"{root}/rubric.yaml", "w").write(RUBRIC)
json.dump(planted, open(f"{root}/planted.json", "w"))
print(f"wrote {n} submissions, {len(planted)} planted copies")
