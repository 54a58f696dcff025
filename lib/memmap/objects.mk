lib-srcs += lib/memmap/memmap.c
