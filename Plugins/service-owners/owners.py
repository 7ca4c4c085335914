#!/usr/bin/env python3
"""assess.plugin/v1 exec plugin: every service in the design's service table has an owner.

The seed's service-catalog lab asks for "a service catalog with ownership". This plugin finds
the Markdown table whose header has a Service column and an Owner column (names as options),
and scores like the built-in check it mirrors (`markdown.table` with those two columns and
`checks: { Owner: { non_empty: true } }`): the mean of the share of the two columns found and
the share of rows whose owner cell is filled. Request on stdin, response on stdout.
"""
import json
import re
import sys

KNOWN_OPTIONS = {"service_column", "owner_column"}


def cells(line):
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|"):
        line = line[:-1]
    return [cell.strip() for cell in line.split("|")]


def tables(text):
    """Yield (header, header_line_number, rows) for each pipe table; rows hold (cells, line)."""
    lines = text.split("\n")
    i = 0
    while i < len(lines) - 1:
        if "|" in lines[i] and re.match(r"^\s*\|?\s*:?-{3,}", lines[i + 1]):
            header, start = cells(lines[i]), i + 1
            rows = []
            j = i + 2
            while j < len(lines) and "|" in lines[j] and lines[j].strip():
                rows.append((cells(lines[j]), j + 1))
                j += 1
            yield header, start, rows
            i = j
        else:
            i += 1


def norm(text):
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def describe(request):
    unknown = sorted(set(request.get("options") or {}) - KNOWN_OPTIONS)
    return {"protocol": "assess.plugin/v1", "optionErrors": [f"unknown option '{key}'" for key in unknown]}


def grade(request):
    options = request.get("options") or {}
    service_name = norm(options.get("service_column", "Service"))
    owner_name = norm(options.get("owner_column", "Owner"))
    root = request["submission"]["root"]
    best = None
    for item in request["inputs"]:
        with open(f"{root}/{item['path']}", encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        for header, line, rows in tables(text):
            names = [norm(cell) for cell in header]
            found = [name in names for name in (service_name, owner_name)]
            if best is None or sum(found) > sum(best[1]):
                best = (item["path"], found, names, rows, line)
    if best is None:
        return {"protocol": "assess.plugin/v1", "score": 0, "summary": "no service table",
                "findings": [{"severity": "error", "message": "no table with a service column"}]}
    path, found, names, rows, line = best
    findings = []
    parts = [sum(found) / 2]
    unowned = len(rows)
    if not found[1]:
        findings.append({"severity": "error", "message": "the table has no owner column", "file": path, "line": line})
    else:
        owner_index = names.index(owner_name)
        owned = 0
        for row, row_line in rows:
            owner = row[owner_index] if owner_index < len(row) else ""
            if owner and owner not in ("-", "—"):
                owned += 1
            else:
                findings.append({"severity": "error", "message": f"service '{row[0]}' has no owner", "file": path,
                                 "line": row_line, "hint": "Name the team that owns and runs each service."})
        if rows:
            parts.append(owned / len(rows))
        unowned = len(rows) - owned
    score = sum(parts) / len(parts)
    return {"protocol": "assess.plugin/v1", "score": score,
            "summary": f"{len(rows) - unowned} of {len(rows)} services have an owner",
            "findings": findings,
            "measurements": [{"name": "services without owner", "value": unowned, "limit": "0"}]}


def main():
    request = json.load(sys.stdin)
    response = describe(request) if request.get("kind") == "describe" else grade(request)
    json.dump(response, sys.stdout)


if __name__ == "__main__":
    main()
