lib-srcs += lib/fdt/fdt.c
lib-srcs += lib/fdt/fdt_nav.c
lib-srcs += lib/fdt/fdt_value.c
