lib-srcs += lib/memmap/memmap.c
lib-srcs += lib/memmap/untyped.c
