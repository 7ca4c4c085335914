#!/usr/bin/env python3
"""Prints openapi-spec-validator's verdict on each OpenAPI document named on the command line,
one JSON object a line: {"case": file name, "verdict": "valid" | "invalid", "message": first error}.

The message is the validator's first error, cut at the point where the validator starts to
print the whole document back (" within {"), and to 200 characters."""
import json
import os
import sys

from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename


def verdict(path):
    try:
        spec, base_uri = read_from_filename(path)
        validate(spec, base_uri=base_uri)
        return "valid", ""
    except Exception as error:  # the validator raises schema, reference and YAML errors alike
        message = getattr(error, "message", None) or str(error) or type(error).__name__
        message = message.splitlines()[0] if message.strip() else type(error).__name__
        message = message.split(" within {")[0]
        # A schema error that prints the offending value whole ("{'name': ...} is not valid
        # under any of the given schemas") names where it is instead.
        path = getattr(error, "json_path", None)
        if path and message[:1] in "{[" and " is " in message:
            message = path + message[message.rindex("} is " if message[0] == "{" else "] is ") + 1:]
        return "invalid", message[:200]


def main(paths):
    for path in paths:
        result, message = verdict(path)
        print(json.dumps({"case": os.path.basename(path), "verdict": result, "message": message}))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--version"]:
        from importlib.metadata import version
        print("openapi-spec-validator " + version("openapi-spec-validator"))
    else:
        main(sys.argv[1:])
