host-tests += console_line
test-console_line-srcs := tests/host/console_line/test_line.c user/uart/line.c
