# Host unit tests of the FDT reader (lib/fdt), with libfdt as the oracle.
host-tests += fdt
test-fdt-srcs := tests/host/fdt/test_fdt.c tests/host/fdt/fdt_blob.c \
	tests/host/fdt/fdt_compare.c tests/host/fdt/fdt_mutate.c \
	tests/host/fdt/fdt_values.c tests/host/fdt/fdt_oracle.c

# lib/fdt and libfdt both define fdt_path_offset, fdt_get_path,
# fdt_address_cells and fdt_size_cells. Linked side by side (-lfdt), the
# executable's definitions would interpose on libfdt's own internal calls
# and the oracle would quietly run the code under test. So the test links a
# copy of libfdt.a with every global symbol renamed oracle_*, and
# fdt_oracle.c includes <libfdt.h> through matching #defines.
HOST_NM      ?= nm
HOST_OBJCOPY ?= objcopy
fdt-oracle-src := $(shell $(HOST_CC) -print-file-name=libfdt.a)
fdt-oracle-lib := $(BUILD)/host/fdt-oracle/liboraclefdt.a

$(fdt-oracle-lib): $(fdt-oracle-src) tests/host/fdt/test.mk
	@mkdir -p $(dir $@)
	$(HOST_NM) -g --defined-only $< | \
		awk 'NF == 3 { print $$3, "oracle_" $$3 }' | sort -u > $@.syms
	$(HOST_OBJCOPY) --redefine-syms=$@.syms $< $@

$(BUILD)/host/tests/fdt: $(fdt-oracle-lib)
test-fdt-libs := $(fdt-oracle-lib)
