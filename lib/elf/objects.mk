lib-srcs += lib/elf/elf.c
