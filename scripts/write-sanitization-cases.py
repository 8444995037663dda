#!/usr/bin/env python3
# Usage: python3 scripts/write-sanitization-cases.py WORDPRESS_TREE > wp-schema-runtime/tests/cases/rest-schema-sanitization.json
#
# Cases of WordPress's tests/phpunit/tests/rest-api/rest-schema-sanitization.php, written as data:
# (test method, schema, value, the value the test expects). What WordPress itself answers is then
# recorded beside each case, and checked against the test's (loose, assertEquals) expectation.
import json, os, subprocess, sys

C = []
def case(test, schema, value, expected):
    C.append({"test": test, "schema": schema, "value": value, "param": "", "expected": expected})

for v, e in [(1, 1), ("1.10", 1.10), ("1abc", 1), ("abc", 0), ([], 0)]: case("test_type_number", {"type": "number"}, v, e)
for v, e in [(1, 1), ("1.10", 1), ("1abc", 1), ("abc", 0), ([], 0)]: case("test_type_integer", {"type": "integer"}, v, e)
for v, e in [("Hello", "Hello"), ("1.10", "1.10"), (1.1, "1.1"), (1, "1")]: case("test_type_string", {"type": "string"}, v, e)
for v, e in [("1", True), ("true", True), ("100", True), (1, True), ("0", False), ("false", False), (0, False)]: case("test_type_boolean", {"type": "boolean"}, v, e)
for v in ["email@example.com", "a@b.c", "invalid"]: case("test_format_email", {"type": "string", "format": "email"}, v, v)
for v in ["127.0.0.1", "hello", "2001:DB8:0:0:8:800:200C:417A"]: case("test_format_ip", {"type": "string", "format": "ip"}, v, v)
s = {"type": "array", "items": {"type": "number"}}
for v, e in [([1], [1]), (["1"], [1])]: case("test_type_array", s, v, e)
s = {"type": "array", "items": {"type": "array", "items": {"type": "number"}}}
for v, e in [([[1], [2]], [[1], [2]]), ([["1"], ["2"]], [[1], [2]])]: case("test_type_array_nested", s, v, e)
s = {"type": "array", "items": {"type": "number"}}
for v, e in [("1,2", [1, 2]), ("1,2,a", [1, 2, 0]), ("1,2,", [1, 2])]: case("test_type_array_as_csv", s, v, e)
s = {"type": "array", "items": {"enum": ["chicken", "ribs", "brisket"], "type": "string"}}
for v, e in [(["ribs", "brisket"], ["ribs", "brisket"]), (["coleslaw"], ["coleslaw"])]: case("test_type_array_with_enum", s, v, e)
for v, e in [("ribs,chicken", ["ribs", "chicken"]), ("chicken,coleslaw", ["chicken", "coleslaw"]), ("chicken,coleslaw,", ["chicken", "coleslaw"])]: case("test_type_array_with_enum_as_csv", s, v, e)
case("test_type_array_is_associative", {"type": "array", "items": {"type": "string"}}, {"first": "1", "second": "2"}, ["1", "2"])
s = {"type": "object", "properties": {"a": {"type": "number"}}}
for v, e in [({"a": 1}, {"a": 1}), ({"a": "1"}, {"a": 1}), ({"a": "1", "b": 1}, {"a": 1, "b": 1})]: case("test_type_object", s, v, e)
s = {"type": "object", "properties": {"a": {"type": "number"}}, "additionalProperties": False}
for v, e in [({"a": 1}, {"a": 1}), ({"a": "1"}, {"a": 1}), ({"a": "1", "b": 1}, {"a": 1})]: case("test_type_object_strips_additional_properties", s, v, e)
s = {"type": "object", "properties": {"a": {"type": "object", "properties": {"b": {"type": "number"}, "c": {"type": "number"}}}}}
for v, e in [({"a": {"b": "1", "c": "3"}}, {"a": {"b": 1, "c": 3}}), ({"a": {"b": "1", "c": "3", "d": "1"}, "b": 1}, {"a": {"b": 1, "c": 3, "d": "1"}, "b": 1}), ({"a": None}, {"a": []})]: case("test_type_object_nested", s, v, e)
case("test_type_object_stdclass", {"type": "object", "properties": {"a": {"type": "number"}}}, {"a": "1"}, {"a": 1})
for v in ["Best lyrics", 1.10, 1]: case("test_type_unknown", {"type": "lalala"}, v, v)
for v in ["Nothing", 1.10, 1]: case("test_no_type", {"type": None}, v, v)

# Tests of the newer file (WordPress 5.5 to 6.x additions). `ERROR` marks an expected WP_Error.
ERROR = {"error": True}
for v, e in [("#000000", "#000000"), ("#FFF", "#FFF"), ("WordPress", "")]: case("test_format_hex_color", {"type": "string", "format": "hex-color"}, v, e)
for v, e in [(44, "44"), ("hello", "hello"), ("123e4567-e89b-12d3-a456-426655440000", "123e4567-e89b-12d3-a456-426655440000")]: case("test_format_uuid", {"type": "string", "format": "uuid"}, v, e)
for pp, v, e in [
    ([], [], []), ([], {"propA": "a"}, {"propA": "a"}), ([], {"propA": "a", "propB": "b"}, {"propA": "a"}),
    ({"propB": {"type": "string"}}, {"propA": "a"}, {"propA": "a"}), ({"propB": {"type": "string"}}, {"propA": "a", "propB": "b"}, {"propA": "a", "propB": "b"}),
    ({".*C": {"type": "string"}}, {"propA": "a", "propC": "c"}, {"propA": "a", "propC": "c"}),
    ({"[0-9]": {"type": "integer"}}, {"propA": "a", "prop0": "0"}, {"propA": "a", "prop0": 0}),
    ({".+": {"type": "string"}}, {"": "", "propA": "a"}, {"propA": "a"}),
]:
    case("test_type_object_pattern_properties", {"type": "object", "properties": {"propA": {"type": "string"}}, "patternProperties": pp, "additionalProperties": False}, v, e)
case("test_type_object_accepts_empty_string", {"type": "object"}, "", [])
for v, e in [(None, None), ("2019-09-19T18:00:00", "2019-09-19T18:00:00"), ("lalala", "lalala")]: case("test_nullable_date", {"type": ["string", "null"], "format": "date-time"}, v, e)
for v, e in [("#fff", ["#fff"]), ("#qrst", ["#qrst"])]: case("test_format_validation_is_skipped_if_non_string_type", {"type": "array", "format": "hex-color"}, v, e)
for v, e in [("#abc", "#abc"), ("#jkl", "")]: case("test_format_validation_is_applied_if_missing_type", {"format": "hex-color"}, v, e)
for v, e in [("#abc", "#abc"), ("#jkl", "")]: case("test_format_validation_is_applied_if_unknown_type", {"format": "hex-color", "type": "str"}, v, e)
s = {"type": ["object", "string"], "properties": {"raw": {"type": "string"}}}
for v, e in [("My Value", "My Value"), ({"raw": "My Value"}, {"raw": "My Value"}), ({"raw": 1}, {"raw": "1"})]: case("test_object_or_string", s, v, e)
s = {"type": ["object", "boolean"], "properties": {"raw": {"type": "boolean"}}}
for v, e in [(True, True), ("1", True), (1, True), (False, False), ("0", False), (0, False),
             ({"raw": True}, {"raw": True}), ({"raw": "1"}, {"raw": True}), ({"raw": 1}, {"raw": True}),
             ({"raw": False}, {"raw": False}), ({"raw": "0"}, {"raw": False}), ({"raw": 0}, {"raw": False}),
             ({"raw": "something non boolean"}, {"raw": True})]:
    case("test_object_or_bool", s, v, e)
case("test_multi_type_with_no_known_types", {"type": ["invalid", "type"]}, "My Value", "My Value")
case("test_multi_type_with_some_unknown_types", {"type": ["object", "type"]}, "My Value", "My Value")
case("test_multi_type_returns_null_if_no_valid_type", {"type": ["number", "string"]}, ["Hello!"], None)
case("test_unique_items_after_sanitization", {"type": "array", "uniqueItems": True, "items": {"type": "string", "format": "uri"}},
     ["https://example.org/hello%20world", "https://example.org/hello world"], ERROR)
s = {"anyOf": [{"type": "integer", "multipleOf": 2}, {"type": "string", "maxLength": 1}]}
for v, e in [("4", 4), ("5", "5"), (True, ERROR), ("11", ERROR)]: case("test_any_of", s, v, e)
s = {"oneOf": [{"type": "integer", "multipleOf": 2}, {"type": "string", "maxLength": 1}]}
for v, e in [("10", 10), ("5", "5"), (True, ERROR), ("11", ERROR), ("4", ERROR)]: case("test_one_of", s, v, e)

oracle = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "wp-schema-runtime", "tests", "php", "schema-oracle.php")
reqs = "".join(json.dumps({"op": "sanitize", "schema": c["schema"], "value": c["value"], "param": ""}) + "\n" for c in C)
out = subprocess.run(["php", oracle], input=reqs, capture_output=True, text=True, env={"WP_PHP_ROOT": sys.argv[1], "PATH": "/usr/bin:/bin"}).stdout.splitlines()
assert len(out) == len(C), (len(out), len(C))
def loose(a, b):
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and not isinstance(b, bool):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(loose(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(loose(x, y) for x, y in zip(a, b))
    if a == [] and b == {} or a == {} and b == []:
        return True
    return a == b
bad = 0
for c, line in zip(C, out):
    answer = json.loads(line)
    if not answer["valid"]:
        c["wordpress"] = {k: answer[k] for k in ("code", "message", "data") if k in answer}
        if c["expected"] != ERROR:
            bad += 1
            print("an error where the test expects a value:", c, answer, file=sys.stderr)
        continue
    c["wordpress"] = {"value": answer["value"]}
    if not loose(answer["value"], c["expected"]):
        bad += 1
        print("differs from the PHPUnit expectation:", c, answer, file=sys.stderr)
print(json.dumps({"source": "tests/phpunit/tests/rest-api/rest-schema-sanitization.php (WordPress); `expected` is the test's assertEquals value, `wordpress` what WordPress 6.9.7's rest_sanitize_value_from_schema answers: its value as json_encode prints it, or its error", "cases": C}, indent=1, ensure_ascii=False))
print(len(C), "cases,", bad, "disagree", file=sys.stderr)
