#!/usr/bin/env python3
"""Writes the Kubernetes conformance corpus and records checkov's verdicts.

Each case is a shipped manifest (Submissions/) or one written here, unchanged or with one
mutation applied as a text edit. The cases go to cases/, and checkov's failed checks on each
go to verdicts.json beside them; the Swift conformance tests read both.
Run from anywhere: `python3 Tests/Conformance/kubernetes/make_corpus.py`."""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))

LEDGER = "Submissions/capstone-fintech/pass/k8s/ledger.yaml"
SHOP_FAIL = "Submissions/phase4-operations/fail/k8s/shop.yaml"

# A StatefulSet and a DaemonSet as an operator writes them, each complete.
STATEFUL = """# A queue broker run as a StatefulSet.
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: broker
  namespace: messaging
spec:
  serviceName: broker
  replicas: 3
  selector:
    matchLabels:
      app.kubernetes.io/name: broker
  template:
    metadata:
      labels:
        app.kubernetes.io/name: broker
    spec:
      containers:
        - name: broker
          image: docker.io/library/rabbitmq:3.13.7-management
          resources:
            requests:
              cpu: "1"
              memory: 2Gi
            limits:
              cpu: "2"
              memory: 2Gi
          readinessProbe:
            exec:
              command: ["rabbitmq-diagnostics", "-q", "check_port_connectivity"]
          livenessProbe:
            exec:
              command: ["rabbitmq-diagnostics", "-q", "status"]
            periodSeconds: 30
"""

DAEMON = """apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: log-shipper
  namespace: observability
spec:
  selector:
    matchLabels: {app: log-shipper}
  template:
    metadata:
      labels: {app: log-shipper}
    spec:
      containers:
      - name: shipper
        image: cr.fluentbit.io/fluent/fluent-bit:3.1.9
        resources:
          requests: {cpu: 50m, memory: 64Mi}
          limits: {cpu: 200m, memory: 128Mi}
        livenessProbe:
          httpGet: {path: /, port: 2020}
        readinessProbe:
          httpGet: {path: /api/v1/health, port: 2020}
"""

LIVENESS = "        livenessProbe:\n          httpGet: { path: /healthz, port: http }\n          initialDelaySeconds: 10\n"
READINESS = "        readinessProbe:\n          httpGet: { path: /ready, port: http }\n          periodSeconds: 5\n"
RESOURCES = "        resources:\n          requests: { cpu: 500m, memory: 512Mi }\n          limits: { cpu: \"2\", memory: 1Gi }\n"
IMAGE = "        image: registry.example.com/fintech/ledger:4.1.3\n"
SIDECAR = "      - name: proxy\n        image: envoyproxy/envoy:v1.31.2\n"

# (case name, source, what the mutation does, [(old text, new text), ...])
CASES = [
    ("deployment-complete", LEDGER, "unchanged", []),
    ("deployment-no-liveness", LEDGER, "no livenessProbe", [(LIVENESS, "")]),
    ("deployment-no-readiness", LEDGER, "no readinessProbe", [(READINESS, "")]),
    ("deployment-no-probes", LEDGER, "neither probe", [(LIVENESS, ""), (READINESS, "")]),
    ("deployment-startup-probe-only", LEDGER, "a startupProbe in place of the liveness probe",
     [(LIVENESS, LIVENESS.replace("livenessProbe", "startupProbe"))]),
    ("deployment-exec-probes", LEDGER, "probes that run a command",
     [("httpGet: { path: /healthz, port: http }", "exec: { command: [/bin/health, --live] }"),
      ("httpGet: { path: /ready, port: http }", "exec: { command: [/bin/health, --ready] }")]),
    ("deployment-no-resources", LEDGER, "no resources", [(RESOURCES, "")]),
    ("deployment-no-memory-limit", LEDGER, "no memory limit",
     [('limits: { cpu: "2", memory: 1Gi }', 'limits: { cpu: "2" }')]),
    ("deployment-no-cpu", LEDGER, "no cpu request or limit",
     [("requests: { cpu: 500m, memory: 512Mi }", "requests: { memory: 512Mi }"),
      ('limits: { cpu: "2", memory: 1Gi }', "limits: { memory: 1Gi }")]),
    ("deployment-limits-only", LEDGER, "limits without requests",
     [("          requests: { cpu: 500m, memory: 512Mi }\n", "")]),
    ("deployment-numeric-cpu", LEDGER, "cpu written as numbers",
     [("requests: { cpu: 500m, memory: 512Mi }", "requests: { cpu: 0.5, memory: 512Mi }"),
      ('limits: { cpu: "2", memory: 1Gi }', "limits: { cpu: 2, memory: 1Gi }")]),
    ("deployment-image-latest", LEDGER, "image tagged latest",
     [(IMAGE, IMAGE.replace(":4.1.3", ":latest"))]),
    ("deployment-image-untagged", LEDGER, "image without a tag", [(IMAGE, IMAGE.replace(":4.1.3", ""))]),
    ("deployment-image-digest", LEDGER, "image pinned by digest",
     [(IMAGE, IMAGE.replace(":4.1.3", "@sha256:" + "3f" * 32))]),
    ("deployment-registry-port-untagged", LEDGER, "a registry with a port and an image without a tag",
     [(IMAGE, IMAGE.replace("registry.example.com", "registry.example.com:5000").replace(":4.1.3", ""))]),
    ("deployment-registry-port-tagged", LEDGER, "a registry with a port and a tagged image",
     [(IMAGE, IMAGE.replace("registry.example.com", "registry.example.com:5000"))]),
    ("deployment-sidecar-bare", LEDGER, "a second container with no resources or probes",
     [(LIVENESS, LIVENESS + SIDECAR)]),
    ("deployment-sidecar-latest", LEDGER, "a complete second container running a latest image",
     [(LIVENESS, LIVENESS + SIDECAR.replace("v1.31.2", "latest") + RESOURCES + READINESS + LIVENESS)]),
    ("deployment-pull-always", LEDGER, "imagePullPolicy: Always with a fixed tag",
     [(IMAGE, IMAGE + "        imagePullPolicy: Always\n")]),
    ("statefulset-complete", None, "written here", [(None, STATEFUL)]),
    ("statefulset-no-limits", None, "written here, no limits",
     [(None, STATEFUL), ("            limits:\n              cpu: \"2\"\n              memory: 2Gi\n", "")]),
    ("daemonset-complete", None, "written here", [(None, DAEMON)]),
    ("daemonset-latest-no-readiness", None, "written here, latest image, no readiness probe",
     [(None, DAEMON), ("fluent-bit:3.1.9", "fluent-bit:latest"),
      ("        readinessProbe:\n          httpGet: {path: /api/v1/health, port: 2020}\n", "")]),
    ("two-deployments-one-bare", None, "a complete StatefulSet and a DaemonSet without probes in one file",
     [(None, STATEFUL + "---\n" + DAEMON), ("        livenessProbe:\n          httpGet: {path: /, port: 2020}\n", ""),
      ("        readinessProbe:\n          httpGet: {path: /api/v1/health, port: 2020}\n", "")]),
    ("shipped-phase4-fail-shop", SHOP_FAIL, "unchanged", []),
]


def source_text(source):
    if source is None:
        return ""
    with open(os.path.join(ROOT, source)) as file:
        return file.read()


def apply(text, edits, name):
    for old, new in edits:
        if old is None:
            text = new
            continue
        if text.count(old) != 1:
            sys.exit(f"{name}: the text to replace occurs {text.count(old)} times: {old!r}")
        text = text.replace(old, new)
    return text


def main():
    cases_dir = os.path.join(HERE, "cases")
    os.makedirs(cases_dir, exist_ok=True)
    for stale in os.listdir(cases_dir):
        os.remove(os.path.join(cases_dir, stale))
    written = []
    for name, source, mutation, edits in CASES:
        path = os.path.join(cases_dir, name + ".yaml")
        with open(path, "w") as file:
            file.write(apply(source_text(source), edits, name))
        written.append((name, source, mutation, path))
    verdict = os.path.join(HERE, "verdict.py")
    tool = subprocess.run([sys.executable, verdict, "--version"], capture_output=True, text=True,
                          check=True).stdout.strip()
    output = subprocess.run([sys.executable, verdict] + [w[3] for w in written], capture_output=True, text=True,
                            check=True).stdout
    verdicts = {line["case"]: line for line in map(json.loads, output.splitlines())}
    records = []
    for name, source, mutation, _ in written:
        found = verdicts[name + ".yaml"]
        records.append({"case": name + ".yaml", "source": source or "written for the corpus", "mutation": mutation,
                        "failed": found["failed"], "message": found["message"]})
    with open(os.path.join(HERE, "verdicts.json"), "w") as file:
        json.dump({"tool": tool, "checks": "CKV_K8S_8 to CKV_K8S_14", "cases": records}, file, indent=2)
        file.write("\n")
    failing = sum(1 for r in records if r["failed"])
    print(f"{len(records)} cases ({failing} failing) recorded with {tool}")


if __name__ == "__main__":
    main()
