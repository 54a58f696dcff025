# Host unit tests of dtinfo's JSON writer (scripts/dtinfo/json.c): layout,
# escaping, and the refusal of every call sequence that is not one JSON
# value (nesting past JSON_MAX_NESTING, keys and closes out of place).
host-tests += json
test-json-srcs := tests/host/json/test_json.c scripts/dtinfo/json.c
