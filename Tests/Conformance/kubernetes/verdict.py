#!/usr/bin/env python3
"""Prints checkov's verdict on each Kubernetes manifest named on the command line, one JSON
object a line: {"case": file name, "failed": [check ids], "message": their names}, for the
checks k8s.policy also makes: liveness and readiness probes (CKV_K8S_8, 9), cpu and memory
requests and limits (CKV_K8S_10 to 13) and a fixed image tag (CKV_K8S_14).

checkov runs once over all the files, offline (--skip-download, BC_SKIP_MAPPING)."""
import json
import os
import subprocess
import sys
import tempfile

CHECKS = ["CKV_K8S_8", "CKV_K8S_9", "CKV_K8S_10", "CKV_K8S_11", "CKV_K8S_12", "CKV_K8S_13", "CKV_K8S_14"]


def run(paths):
    with tempfile.TemporaryDirectory() as folder:
        for path in paths:
            with open(path) as source, open(os.path.join(folder, os.path.basename(path)), "w") as copy:
                copy.write(source.read())
        environment = dict(os.environ, BC_SKIP_MAPPING="TRUE", CHECKOV_RUN_SCA_PACKAGE_SCAN_V2="false")
        output = subprocess.run(
            ["checkov", "--skip-download", "-d", folder, "--framework", "kubernetes", "--check", ",".join(CHECKS),
             "-o", "json"],
            capture_output=True, text=True, env=environment).stdout
    report = json.loads(output)
    reports = report if isinstance(report, list) else [report]
    failed = {os.path.basename(p): {} for p in paths}
    for one in reports:
        for check in one.get("results", {}).get("failed_checks", []):
            name = os.path.basename(check["file_path"])
            failed.setdefault(name, {})[check["check_id"]] = check["check_name"]
    for path in paths:
        name = os.path.basename(path)
        ids = sorted(failed[name], key=lambda i: int(i.rsplit("_", 1)[1]))
        print(json.dumps({"case": name, "failed": ids, "message": "; ".join(failed[name][i] for i in ids)}))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--version"]:
        print("checkov " + subprocess.run(["checkov", "--version"], capture_output=True, text=True).stdout.strip())
    else:
        run(sys.argv[1:])
