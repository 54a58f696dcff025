# Host unit tests of lib/board and lib/memmap: region arithmetic tables,
# synthetic boards (among them the malformed trees of test_board_edges.c:
# hart ids given twice, no timebase, devices inside RAM), and every blob of the DTB corpus checked against a
# libfdt oracle (board_oracle.c) and against bootmap invariants.
host-tests += board
test-board-srcs := tests/host/board/main.c tests/host/board/test_memmap.c \
	tests/host/board/test_board_synth.c tests/host/board/test_board_edges.c \
	tests/host/board/synth.c tests/host/board/test_board_corpus.c \
	tests/host/board/board_oracle.c tests/host/board/dtb_build.c \
	tests/host/fdt/fdt_oracle.c

# libfdt cannot be linked as plain -lfdt next to lib/fdt: both define
# fdt_path_offset, fdt_get_path, fdt_address_cells and fdt_size_cells, and
# the test's definitions would interpose on libfdt's internal calls. The
# oracle therefore goes through tests/host/fdt's orc_* wrappers and its
# renamed copy of libfdt.a (built by tests/host/fdt/test.mk, which make
# reads after this file, hence the literal path here).
test-board-libs = $(BUILD)/host/fdt-oracle/liboraclefdt.a
$(BUILD)/host/tests/board: $(BUILD)/host/fdt-oracle/liboraclefdt.a
