#!/usr/bin/env python3
"""validate.py SCHEMA FILE... - validate JSON (or YAML, by extension) files
against a draft-07 JSON Schema. Uses the jsonschema package when it is
installed; otherwise a small built-in validator covering the keywords the
meshplan schemas use (type, enum, required, properties,
additionalProperties, items, minimum, maximum, minItems, maxItems,
minLength, pattern, oneOf, $ref to #/definitions). Prints one line per
error and exits 1 when any file is invalid; a YAML file without PyYAML is
a visible SKIP."""
import json
import re
import sys

TYPES = {"object": dict, "array": list, "string": str, "boolean": bool,
         "null": type(None)}


def is_type(v, t):
    if t == "integer":
        return isinstance(v, int) and not isinstance(v, bool)
    if t == "number":
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    return isinstance(v, TYPES[t])


def check(root, s, v, path, errs):
    if "$ref" in s:
        name = s["$ref"].split("/")[-1]
        return check(root, root["definitions"][name], v, path, errs)
    t = s.get("type")
    if t is not None:
        ts = t if isinstance(t, list) else [t]
        if not any(is_type(v, x) for x in ts):
            errs.append("%s: %r is not of type %s" % (path, v, t))
            return
    if "enum" in s and v not in s["enum"]:
        errs.append("%s: %r is not one of %s" % (path, v, s["enum"]))
    if "oneOf" in s:
        n = 0
        for sub in s["oneOf"]:
            e = []
            check(root, sub, v, path, e)
            n += not e
        if n != 1:
            errs.append("%s: %r matches %d of oneOf" % (path, v, n))
    if isinstance(v, dict):
        for k in s.get("required", []):
            if k not in v:
                errs.append("%s: %r is a required property" % (path, k))
        props = s.get("properties", {})
        for k, x in v.items():
            if k in props:
                check(root, props[k], x, path + "/" + k, errs)
            elif s.get("additionalProperties") is False:
                errs.append("%s: additional property %r" % (path, k))
            elif isinstance(s.get("additionalProperties"), dict):
                check(root, s["additionalProperties"], x, path + "/" + k,
                      errs)
    if isinstance(v, list):
        if "minItems" in s and len(v) < s["minItems"]:
            errs.append("%s: fewer than %d items" % (path, s["minItems"]))
        if "maxItems" in s and len(v) > s["maxItems"]:
            errs.append("%s: more than %d items" % (path, s["maxItems"]))
        if "items" in s:
            for i, x in enumerate(v):
                check(root, s["items"], x, "%s/%d" % (path, i), errs)
    if isinstance(v, str):
        if "minLength" in s and len(v) < s["minLength"]:
            errs.append("%s: shorter than %d" % (path, s["minLength"]))
        if "pattern" in s and not re.search(s["pattern"], v):
            errs.append("%s: %r does not match %s" % (path, v, s["pattern"]))
    if is_type(v, "number"):
        if "minimum" in s and v < s["minimum"]:
            errs.append("%s: %r < %r" % (path, v, s["minimum"]))
        if "maximum" in s and v > s["maximum"]:
            errs.append("%s: %r > %r" % (path, v, s["maximum"]))


def load(path):
    with open(path) as f:
        text = f.read()
    if path.endswith((".yaml", ".yml")):
        try:
            import yaml
        except ImportError:
            return None
        return yaml.safe_load(text) or {}
    return json.loads(text)


def main():
    schema = json.load(open(sys.argv[1]))
    try:
        import jsonschema
        v7 = jsonschema.Draft7Validator(schema)
        v7.check_schema(schema)
        engine = "jsonschema"
    except ImportError:
        v7 = None
        engine = "built-in"
    bad = 0
    for path in sys.argv[2:]:
        doc = load(path)
        if doc is None:
            print("SKIP: %s (no PyYAML to read it)" % path)
            continue
        if v7 is not None:
            errs = ["%s: %s" % ("/" + "/".join(map(str, e.path)),
                                e.message) for e in v7.iter_errors(doc)]
        else:
            errs = []
            check(schema, schema, doc, "", errs)
        for e in errs[:20]:
            print("%s: %s" % (path, e))
        bad += bool(errs)
    print("validate (%s): %d file(s), %d invalid" %
          (engine, len(sys.argv) - 2, bad))
    sys.exit(1 if bad else 0)


main()
