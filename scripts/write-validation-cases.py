#!/usr/bin/env python3
# Usage: python3 scripts/write-validation-cases.py WORDPRESS_TREE > wp-schema-runtime/tests/cases/rest-schema-validation.json
# Cases of WordPress's tests/phpunit/tests/rest-api/rest-schema-validation.php, written as data:
# (test method, schema, value, param, expected valid). Answers (code, message, data) are then
# recorded from WordPress 6.9.7 itself.
import json, subprocess, sys
mb = "\u1000"
C = []
def case(test, schema, value, valid, param=""):
    C.append({"test": test, "schema": schema, "value": value, "param": param, "valid": valid})
s = {"type": "number", "minimum": 1, "maximum": 2}
for v, ok in [(1, True), (2, True), (0.9, False), (3, False), (True, False)]: case("test_type_number", s, v, ok)
s = {"type": "integer", "minimum": 1, "maximum": 2}
for v, ok in [(1, True), (2, True), (0, False), (3, False), (1.1, False)]: case("test_type_integer", s, v, ok)
s = {"type": "string"}
for v, ok in [("Hello :)", True), ("1", True), (1, False), ([], False)]: case("test_type_string", s, v, ok)
s = {"type": "boolean"}
for v, ok in [(True, True), (False, True), (1, True), (0, True), ("true", True), ("false", True), ("no", False), ("yes", False), (1123, False)]: case("test_type_boolean", s, v, ok)
s = {"type": "string", "format": "email"}
for v, ok in [("email@example.com", True), ("a@b.co", True), ("email", False)]: case("test_format_email", s, v, ok)
s = {"type": "string", "format": "hex-color"}
for v, ok in [("#000000", True), ("#FFF", True), ("WordPress", False)]: case("test_format_hex_color", s, v, ok)
s = {"type": "string", "format": "uuid"}
for v, ok in [("123e4567-e89b-12d3-a456-426655440000", True), ("123e4567-e89b-12d3-a456-426655440000X", False), ("123e4567-e89b-?2d3-a456-426655440000", False)]: case("test_format_uuid", s, v, ok)
s = {"type": "string", "format": "date-time"}
for v, ok in [("2016-06-30T05:43:21", True), ("2016-06-30T05:43:21Z", True), ("2016-06-30T05:43:21+00:00", True), ("20161027T163355Z", False), ("2016", False), ("2016-06-30", False)]: case("test_format_date_time", s, v, ok)
s = {"type": "string", "format": "ip"}
for v, ok in [("127.0.0.1", True), ("3333.3333.3333.3333", False), ("1", False), ("::1", True), ("::", True), ("0:0:0:0:0:0:0:1", True), ("0:0:0:0:0:0:0:0", True), ("2001:DB8:0:0:8:800:200C:417A", True), ("FF01:0:0:0:0:0:0:101", True), ("2001:DB8::8:800:200C:417A", True), ("FF01::101", True), ("fe80::217:f2ff:fe07:ed62", True), ("", False), ("2001:DB8:0:0:8:800:200C:417A:221", False), ("FF01::101::2", False)]: case("test_format_ip", s, v, ok)
s = {"type": "array", "items": {"type": "string"}, "format": "email"}
for v, ok in [("email@example.com", True), ("email", True)]: case("test_format_validation_is_skipped_if_non_string_type", s, v, ok)
s = {"format": "email"}
for v, ok in [("email@example.com", True), ("email", False)]: case("test_format_validation_is_applied_if_missing_type", s, v, ok)
s = {"format": "email", "type": "str"}
for v, ok in [("email@example.com", True), ("email", False)]: case("test_format_validation_is_applied_if_unknown_type", s, v, ok)
s = {"type": "array", "items": {"type": "number"}}
for v, ok in [([1], True), ([True], False), (None, False)]: case("test_type_array", s, v, ok)
case("test_type_array_nested", {"type": "array", "items": {"type": "array", "items": {"type": "number"}}}, [[1], [2]], True)
s = {"type": "array", "items": {"type": "number"}}
for v, ok in [("1", True), ("1,2,3", True), ("lol", False), ("1,,", True), ("", True)]: case("test_type_array_as_csv", s, v, ok)
s = {"type": "array", "items": {"enum": ["chicken", "ribs", "brisket"], "type": "string"}}
for v, ok in [(["ribs", "brisket"], True), (["coleslaw"], False)]: case("test_type_array_with_enum", s, v, ok)
for v, ok in [("ribs,chicken", True), ("chicken,coleslaw", False), ("ribs,chicken,", True), ("", True)]: case("test_type_array_with_enum_as_csv", s, v, ok)
case("test_type_array_is_associative", {"type": "array", "items": {"type": "string"}}, {"first": "1", "second": "2"}, False)
s = {"type": "object", "properties": {"a": {"type": "number"}}}
for v, ok in [({"a": 1}, True), ({"a": 1, "b": 2}, True), ({"a": "invalid"}, False)]: case("test_type_object", s, v, ok)
s = {"type": "object", "properties": {"a": {"type": "number"}}, "additionalProperties": False}
for v, ok in [({"a": 1}, True), ({"a": 1, "b": 2}, False)]: case("test_type_object_additional_properties_false", s, v, ok)
s = {"type": "object", "properties": {"a": {"type": "object", "properties": {"b": {"type": "number"}, "c": {"type": "number"}}}}}
for v, ok in [({"a": {"b": "1", "c": 3}}, True), ({"a": {"b": 1, "c": "invalid"}}, False), ({"a": 1}, False)]: case("test_type_object_nested", s, v, ok)
case("test_type_object_stdclass", {"type": "object", "properties": {"a": {"type": "number"}}}, {"a": 1}, True)
case("test_type_object_allows_empty_string", {"type": "object"}, "", True)
for v in ["Best lyrics", 1, []]: case("test_type_unknown", {"type": "lalala"}, v, True)
for v, ok in [(None, True), ("", False), ("null", False)]: case("test_type_null", {"type": "null"}, v, ok)
s = {"type": ["string", "null"], "format": "date-time"}
for v, ok in [(None, True), ("2019-09-19T18:00:00", True), ("some random string", False)]: case("test_nullable_date", s, v, ok)
s = {"type": ["object", "string"], "properties": {"raw": {"type": "string"}}}
for v, ok in [("My Value", True), ({"raw": "My Value"}, True), ({"raw": ["a list"]}, False)]: case("test_object_or_string", s, v, ok)
s = {"type": ["null", "integer"], "minimum": 10, "maximum": 20}
for v, ok, p in [(None, True, ""), (15, True, ""), ("15", True, ""), (30, False, "param")]: case("test_null_or_integer", s, v, ok, p)
case("test_multi_type_with_no_known_types", {"type": ["invalid", "type"]}, "My Value", True)
case("test_multi_type_with_some_unknown_types", {"type": ["object", "type"]}, "My Value", True)
s = {"type": "string", "minLength": 2}
for v, ok in [("foo", True), ("fo", True), (1, False), ("f", False), (mb, False), (mb + mb, True)]: case("test_string_min_length", s, v, ok)
s = {"type": "string", "maxLength": 2}
for v, ok in [("f", True), ("fo", True), ("foo", False), (100, False), (mb, True), (mb * 3, False)]: case("test_string_max_length", s, v, ok)
required_data = [({"my_required_prop": "test", "my_prop": "test"}, True), ({"my_prop": "test"}, False), ([], False)]
s3 = {"type": "object", "properties": {"my_prop": {"type": "string"}, "my_required_prop": {"type": "string", "required": True}}}
s4 = {"type": "object", "properties": {"my_prop": {"type": "string"}, "my_required_prop": {"type": "string"}}, "required": ["my_required_prop"]}
for v, ok in required_data: case("test_property_is_required", s3, v, ok); case("test_property_is_required_v4", s4, v, ok)
nested_data = [({"my_object": {"my_required_nested_prop": "test", "my_nested_prop": "test"}}, True), ({"my_object": {"my_nested_prop": "test"}}, False), ([], True)]
n3 = {"type": "object", "properties": {"my_object": {"type": "object", "properties": {"my_nested_prop": {"type": "string"}, "my_required_nested_prop": {"type": "string", "required": True}}}}}
n4 = {"type": "object", "properties": {"my_object": {"type": "object", "properties": {"my_nested_prop": {"type": "string"}, "my_required_nested_prop": {"type": "string"}}, "required": ["my_required_nested_prop"]}}}
for v, ok in nested_data: case("test_nested_property_is_required", n3, v, ok); case("test_nested_property_is_required_v4", n4, v, ok)
deep_data = [([], False), ({"propA": []}, False), ({"propA": {"propB": []}}, False), ({"propA": {"propB": {"propD": "d"}}}, False), ({"propA": {"propB": {"propC": "c"}}}, True)]
d3 = {"type": "object", "properties": {"propA": {"type": "object", "required": True, "properties": {"propB": {"type": "object", "required": True, "properties": {"propC": {"type": "string", "required": True}, "propD": {"type": "string"}}}}}}}
d4 = {"type": "object", "required": ["propA"], "properties": {"propA": {"type": "object", "required": ["propB"], "properties": {"propB": {"type": "object", "required": ["propC"], "properties": {"propC": {"type": "string"}, "propD": {"type": "string"}}}}}}}
dm = {"type": "object", "required": ["propA"], "properties": {"propA": {"type": "object", "required": ["propB"], "properties": {"propB": {"type": "object", "properties": {"propC": {"type": "string", "required": True}, "propD": {"type": "string"}}}}}}}
for v, ok in deep_data:
    case("test_deeply_nested_v3_required_property", d3, v, ok); case("test_deeply_nested_v4_required_property", d4, v, ok); case("test_deeply_nested_mixed_version_required_property", dm, v, ok)
for v, ok in [("a", True), ("b", False)]: case("test_string_pattern", {"type": "string", "pattern": "^a*$"}, v, ok)
for v, ok in [("#123", True), ("#abc", False)]: case("test_string_pattern_with_escaped_delimiter", {"type": "string", "pattern": "#[0-9]+"}, v, ok)
for v, ok in [("â", True), ("ââ", False)]: case("test_string_pattern_with_utf8", {"type": "string", "pattern": "^â{1}$"}, v, ok)
s = {"type": "array", "minItems": 1, "items": {"type": "number"}}
for v, ok in [([1, 2], True), ([1], True), ([], False), ("", False)]: case("test_array_min_items", s, v, ok)
s = {"type": "array", "maxItems": 2, "items": {"type": "number"}}
for v, ok in [([1], True), ([1, 2], True), ([1, 2, 3], False), ("foobar", False)]: case("test_array_max_items", s, v, ok)
s = {"type": "array", "uniqueItems": True, "items": {"type": "object", "properties": {"release": {"type": "object", "properties": {"name": {"type": "string"}, "version": {"type": "string"}}}}}}
case("test_unique_items_deep_objects", s, [{"release": {"name": "Kirk", "version": "5.3"}}, {"release": {"version": "5.3", "name": "Kirk"}}], False)
case("test_unique_items_deep_objects", s, [{"release": {"name": "Kirk", "version": "5.3.0"}}, {"release": {"version": "5.3", "name": "Kirk"}}], True)
s = {"type": "array", "uniqueItems": True, "items": {"type": "array", "items": {"type": "string"}}}
case("test_unique_items_deep_arrays", s, [["Kirk", "Jaco"], ["Kirk", "Jaco"]], False)
case("test_unique_items_deep_arrays", s, [["Kirk", "Jaco"], ["Jaco", "Kirk"]], True)
for v, ok in [("garbage", True), (15, True), ("15", True), ("15.5", True), (15.5, False)]:
    case("test_string_or_integer", {"type": ["integer", "string"]}, v, ok)
# Tests of the newer file (WordPress 5.5 to 6.5 additions).
case("test_epoch", {"type": "string", "format": "date-time"}, "1970-01-01T00:00:00Z", True)
for v, d, ok in [(0, 2, True), (4, 2, True), (3, 1.5, True), (2.4, 1.2, True), (1, 2, False), (2, 1.5, False), (2.1, 1.5, False)]:
    case("test_numeric_multiple_of", {"type": "number", "multipleOf": d}, v, ok)
s = {"type": "object", "minProperties": 1}
for v, ok in [({"propA": "a", "propB": "b"}, True), ({"propA": "a"}, True), ([], False), ("", False)]: case("test_object_min_properties", s, v, ok)
s = {"type": "object", "maxProperties": 2}
for v, ok in [({"propA": "a"}, True), ({"propA": "a", "propB": "b"}, True), ({"propA": "a", "propB": "b", "propC": "c"}, False), ("foobar", False)]: case("test_object_max_properties", s, v, ok)
for pp, v, ok in [
    ([], [], True), ([], {"propA": "a"}, True), ([], {"propA": "a", "propB": "b"}, False),
    ({"propB": {"type": "string"}}, {"propA": "a"}, True), ({"propB": {"type": "string"}}, {"propA": "a", "propB": "b"}, True),
    ({".*C": {"type": "string"}}, {"propA": "a", "propC": "c"}, True), ({"[0-9]": {"type": "integer"}}, {"propA": "a", "prop0": 0}, True),
    ({"[0-9]": {"type": "integer"}}, {"propA": "a", "prop0": "notAnInteger"}, False), ({".+": {"type": "string"}}, {"": "", "propA": "a"}, False),
]:
    case("test_type_object_pattern_properties", {"type": "object", "properties": {"propA": {"type": "string"}}, "patternProperties": pp, "additionalProperties": False}, v, ok)
int01, float01 = {"type": "integer", "enum": [0, 1]}, {"type": "number", "enum": [0.0, 1.0]}
for v, sch, ok in [
    (0, int01, True), (0.0, int01, True), ("0", int01, True), (1, int01, True), (1, {"type": "integer", "enum": [0.0, 1.0]}, True),
    (1.0, int01, True), ("1", int01, True), (2, int01, False), (2.0, int01, False), ("2", int01, False),
    (0, float01, True), (0.0, float01, True), ("0", float01, True), (1, float01, True), (1, {"type": "number", "enum": [0, 1]}, True),
    (1.0, float01, True), ("1", float01, True), (2, float01, False), (2.0, float01, False), ("2", float01, False),
    (True, {"type": "boolean", "enum": [True]}, True), (1, {"type": "boolean", "enum": [True]}, True), ("true", {"type": "boolean", "enum": [True]}, True),
    (False, {"type": "boolean", "enum": [True]}, False), (0, {"type": "boolean", "enum": [True]}, False), ("false", {"type": "boolean", "enum": [True]}, False),
    (False, {"type": "boolean", "enum": [False]}, True), (0, {"type": "boolean", "enum": [False]}, True), ("false", {"type": "boolean", "enum": [False]}, True),
    (True, {"type": "boolean", "enum": [False]}, False), (1, {"type": "boolean", "enum": [False]}, False), ("true", {"type": "boolean", "enum": [False]}, False),
]:
    case("test_different_types_of_value_and_enum_elements", sch, v, ok)
arr_enum = {"type": "array", "items": {"type": "integer"}, "enum": [[0, 1], [1, 2]]}
for v, ok in [([0, 1], True), (["0", 1], True), ([0, "1"], True), (["0", "1"], True), ([1, 2], True), ([2, 3], False), ([1, 0], False)]:
    case("test_different_types_of_value_and_enum_elements", arr_enum, v, ok)
obj_enum = {"type": "object", "additionalProperties": {"type": "integer"}, "enum": [{"a": 1, "b": 2}, {"b": 2, "c": 3}]}
for v, ok in [({"a": 1, "b": 2}, True), ({"a": "1", "b": 2}, True), ({"a": 1, "b": "2"}, True), ({"a": "1", "b": "2"}, True),
              ({"b": 2, "a": 1}, True), ({"b": 2, "c": 3}, True), ({"a": 1, "b": 3}, False), ({"c": 3, "d": 4}, False)]:
    case("test_different_types_of_value_and_enum_elements", obj_enum, v, ok)
any_of_suites = [
    ({"anyOf": [{"type": "integer"}, {"type": ["integer", "number"], "minimum": 2}]}, [(1, True), (2.5, True), (3, True), (1.5, False)]),
    ({"type": "string", "anyOf": [{"maxLength": 2}, {"minLength": 4}]}, [(3, False), ("foobar", True), ("foo", False)]),
    ({"type": "object", "anyOf": [{"properties": {"bar": {"type": "integer"}}, "required": ["bar"]}, {"properties": {"foo": {"type": "string"}}, "required": ["foo"]}]},
     [({"bar": 2}, True), ({"foo": "baz"}, True), ({"foo": "baz", "bar": 2}, True), ({"foo": 2, "bar": "quux"}, False)]),
]
for schema, tests in any_of_suites:
    for v, ok in tests:
        case("test_any_of", schema, v, ok)
one_of_suites = [
    ({"oneOf": [{"type": "integer"}, {"type": ["number", "integer"], "minimum": 2}]}, [(1, True), (2.5, True), (3, False), (1.5, False)]),
    ({"type": "string", "oneOf": [{"minLength": 2}, {"maxLength": 4}]}, [(3, False), ("foobar", True), ("foo", False)]),
    ({"type": "object", "oneOf": [{"properties": {"bar": {"type": "integer"}}, "required": ["bar"]}, {"properties": {"foo": {"type": "string"}}, "required": ["foo"]}]},
     [({"bar": 2}, True), ({"foo": "baz"}, True), ({"foo": "baz", "bar": 2}, False), ({"foo": 2, "bar": "quux"}, False)]),
    ({"type": "object", "oneOf": [{"required": ["foo", "bar"]}, {"required": ["foo", "baz"]}]},
     [({"bar": 2}, False), ({"foo": 1, "bar": 2}, True), ({"foo": 1, "baz": 3}, True), ({"foo": 1, "bar": 2, "baz": 3}, False)]),
    ({"type": "object", "oneOf": [{"properties": {"bar": {"type": "integer"}, "baz": {"type": "string"}}, "required": ["bar"]}, {"properties": {"foo": {"type": "string"}}, "required": ["foo"]}]},
     [({"bar": 8}, True), ({"foo": "foo"}, True), ({"foo": "foo", "bar": 8}, False), ({"baz": "quux"}, False)]),
]
for schema, tests in one_of_suites:
    for v, ok in tests:
        case("test_one_of", schema, v, ok)
obj_a = {"type": "object", "properties": {"a": {"type": "string"}}}
combining = [
    (10, {"anyOf": [{"title": "circle", "type": "integer", "maximum": 5}]}),
    (10, {"anyOf": [{"type": "integer", "maximum": 5}]}),
    ({"a": 1}, {"anyOf": [{"type": "boolean"}, dict(obj_a, title="circle")]}),
    ({"a": 1}, {"anyOf": [{"type": "boolean"}, obj_a]}),
    ({"a": 1, "b": 2, "c": 3}, {"anyOf": [{"type": "boolean"}, obj_a, {"title": "square", "type": "object", "properties": {"b": {"type": "string"}, "c": {"type": "string"}}}, {"type": "object", "properties": {"b": {"type": "boolean"}, "x": {"type": "boolean"}}}]}),
    ({"a": 1, "b": 2, "c": 3}, {"anyOf": [{"type": "boolean"}, obj_a, {"type": "object", "properties": {"b": {"type": "string"}, "c": {"type": "string"}}}, {"type": "object", "properties": {"b": {"type": "boolean"}, "x": {"type": "boolean"}}}]}),
    ("test", {"anyOf": [{"title": "circle", "type": "boolean"}, {"title": "square", "type": "integer"}, {"title": "triangle", "type": "null"}]}),
    ("test", {"anyOf": [{"type": "boolean"}, {"type": "integer"}, {"type": "null"}]}),
    ("test", {"oneOf": [{"title": "circle", "type": "string"}, {"type": "integer"}, {"title": "triangle", "type": "string"}]}),
    ("test", {"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "string"}]}),
]
for v, schema in combining:
    case("test_combining_operation_error_message", schema, v, False, "foo")
# test_unique_items: the suites of json_schema_test_suite/uniqueitems.json that WordPress runs, with
# the type and items its data provider adds.
all_types = ["object", "array", "null", "number", "integer", "boolean", "string"]
unique_suites = [
    (True, [
        ([1, 2], True), ([1, 1], False), ([1.0, 1.00, 1], False), ([0, False], True), ([1, True], True),
        ([{"foo": "bar"}, {"foo": "baz"}], True), ([{"foo": "bar"}, {"foo": "bar"}], False),
        ([{"foo": {"bar": {"baz": True}}}, {"foo": {"bar": {"baz": False}}}], True),
        ([{"foo": {"bar": {"baz": True}}}, {"foo": {"bar": {"baz": True}}}], False),
        ([["foo"], ["bar"]], True), ([["foo"], ["foo"]], False), ([1, True], True), ([0, False], True),
        ([[1], [True]], True), ([[0], [False]], True), ([[[1], "foo"], [[True], "foo"]], True),
        ([[[0], "foo"], [[False], "foo"]], True), ([{}, [1], True, None, 1, "{}"], True),
        ([{}, [1], True, None, {}, 1], False), ([{"a": 1, "b": 2}, {"a": 2, "b": 1}], True),
        ([{"a": 1, "b": 2}, {"b": 2, "a": 1}], False),
    ]),
    (False, [
        ([1, 2], True), ([1, 1], True), ([1.0, 1.00, 1], True), ([0, False], True), ([1, True], True),
        ([{"foo": "bar"}, {"foo": "baz"}], True), ([{"foo": "bar"}, {"foo": "bar"}], True),
        ([{"foo": {"bar": {"baz": True}}}, {"foo": {"bar": {"baz": False}}}], True),
        ([{"foo": {"bar": {"baz": True}}}, {"foo": {"bar": {"baz": True}}}], True),
        ([["foo"], ["bar"]], True), ([["foo"], ["foo"]], True), ([1, True], True), ([0, False], True),
        ([{}, [1], True, None, 1], True), ([{}, [1], True, None, {}, 1], True),
    ]),
]
for unique, tests in unique_suites:
    schema = {"uniqueItems": unique, "type": "array", "items": {"type": all_types, "items": {"type": all_types}}}
    for v, ok in tests:
        case("test_unique_items", schema, v, ok)
# Record WordPress 6.9.7's answers.
root = sys.argv[1]
reqs = "".join(json.dumps({"op": "validate", "schema": c["schema"], "value": c["value"], "param": c["param"]}) + "\n" for c in C)
out = subprocess.run(["php", __import__("os").path.join(__import__("os").path.dirname(__import__("os").path.abspath(__file__)), "..", "wp-schema-runtime", "tests", "php", "schema-oracle.php")], input=reqs, capture_output=True, text=True, env={"WP_PHP_ROOT": root, "PATH": "/usr/bin:/bin"}).stdout.splitlines()
assert len(out) == len(C), (len(out), len(C))
bad = 0
for c, line in zip(C, out):
    a = json.loads(line)
    if a["valid"] != c["valid"]:
        bad += 1; print("disagrees with the PHPUnit expectation:", c["test"], c["value"], a, file=sys.stderr)
    c["wordpress"] = {k: a[k] for k in ("code", "message", "data") if k in a}
# The messages test_combining_operation_error_message asserts, in order.
COMBINING_MESSAGES = [
    "foo is not a valid circle. Reason: foo must be less than or equal to 5",
    "foo does not match the expected format. Reason: foo must be less than or equal to 5",
    "foo is not a valid circle. Reason: foo[a] is not of type string.",
    "foo does not match the expected format. Reason: foo[a] is not of type string.",
    "foo is not a valid square. Reason: foo[b] is not of type string.",
    "foo does not match the expected format. Reason: foo[b] is not of type string.",
    "foo is not a valid circle, square, and triangle.",
    "foo does not match any of the expected formats.",
    "foo matches circle and triangle, but should match only one.",
    "foo matches more than one of the expected formats.",
]
combining_cases = [c for c in C if c["test"] == "test_combining_operation_error_message"]
for c, message in zip(combining_cases, COMBINING_MESSAGES):
    if c["wordpress"].get("message") != message:
        bad += 1
        print("message differs from the PHPUnit expectation:", c, file=sys.stderr)
print(json.dumps({"source": "tests/phpunit/tests/rest-api/rest-schema-validation.php (WordPress), data providers expanded; `wordpress` is what WordPress 6.9.7's rest_validate_value_from_schema answers", "cases": C}, indent=1, ensure_ascii=False))
print(len(C), "cases,", bad, "disagree", file=sys.stderr)
