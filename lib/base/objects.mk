lib-srcs += lib/base/diag.c
lib-srcs += lib/base/str.c
