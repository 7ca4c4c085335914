#!/usr/bin/env python3
"""Validates JSON or YAML files against a JSON Schema with the `jsonschema` package (the
validator class the schema's `$schema` names: Draft 4 for SARIF, 2020-12 for Assess's own).

    scripts/validate-json-schema.py SCHEMA FILE...

Prints `FILE: ok` or one line per error (`FILE: at /path: message`); exits 1 when any file
is invalid and 2 when jsonschema (or PyYAML, for a .yaml file) is missing, so a test that
calls it fails loudly instead of passing without having looked. `make test` installs both
(Debian: python3-jsonschema, python3-yaml)."""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("python3 cannot import jsonschema: apt-get install python3-jsonschema (make test does)")
    sys.exit(2)


def load(path):
    with open(path, encoding="utf-8") as handle:
        if path.endswith((".yaml", ".yml")):
            try:
                import yaml
            except ImportError:
                print("python3 cannot import yaml: apt-get install python3-yaml (make test does)")
                sys.exit(2)
            return yaml.safe_load(handle)
        return json.load(handle)


def main(arguments):
    if len(arguments) < 2:
        print(__doc__)
        return 2
    schema = load(arguments[0])
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=getattr(validator_class, "FORMAT_CHECKER", None))
    failed = False
    for path in arguments[1:]:
        errors = sorted(validator.iter_errors(load(path)), key=lambda e: list(e.absolute_path))
        if not errors:
            print(f"{path}: ok")
        for error in errors:
            failed = True
            where = "/" + "/".join(str(part) for part in error.absolute_path)
            print(f"{path}: at {where}: {error.message[:400]}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
