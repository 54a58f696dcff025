host-tests += fmt
test-fmt-srcs := tests/host/fmt/test_fmt.c
