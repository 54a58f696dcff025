lib-srcs += lib/fmt/fmt.c
