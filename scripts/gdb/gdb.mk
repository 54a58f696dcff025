# GDB for Basalt (docs/debugging.md), included from the top Makefile.
#
#   make debug [GDB_PORT=1234] [RUN_ARGS='...']   QEMU virt, halted, stub on GDB_PORT
#   make gdb   [GDB_PORT=1234] [GDB_ARGS='...']   gdb-multiarch attached to it
#
# The stub listens on 127.0.0.1 only: a debugger stub is not for the network.

GDB      ?= gdb-multiarch
GDB_PORT ?= 1234
GDB_ARGS ?=

# What `make gdb` runs; `make debug` prints it too, for people who start
# GDB by hand (from the project root).
gdb-env     := BASALT_ROOT=$(CURDIR) BASALT_BUILD=$(BUILD)
gdb-command := $(GDB) -q -x scripts/gdb/basalt.gdb -ex 'basalt-attach 127.0.0.1:$(GDB_PORT)'
gdb-make    := make gdb GDB_PORT=$(GDB_PORT)$(if $(filter-out build,$(BUILD)), BUILD=$(BUILD))

debug: deps
	@$(MAKE) --no-print-directory kernel
	@echo "Basalt: QEMU starts halted at its reset vector, GDB stub on 127.0.0.1:$(GDB_PORT)."
	@echo "  attach from another terminal:  $(gdb-make)"
	@echo "  or by hand, from $(CURDIR):"
	@echo "      $(gdb-env) $(gdb-command)"
	@echo "  the kernel's console is this terminal; Ctrl-A x quits QEMU"
	@scripts/qemu-run.sh $(BUILD)/Image -S -gdb tcp:127.0.0.1:$(GDB_PORT) $(RUN_ARGS)

gdb: deps
	@test -f $(BUILD)/basalt.elf || { echo "no $(BUILD)/basalt.elf: run 'make debug' (or 'make kernel') first" >&2; exit 1; }
	@$(gdb-env) $(gdb-command) $(GDB_ARGS)

define gdb-help
@echo "  make debug     build, then boot QEMU virt halted with its GDB stub on GDB_PORT"
@echo "                 (default 1234; RUN_ARGS as for make run); prints how to attach"
@echo "  make gdb       gdb-multiarch attached to GDB_PORT with the kernel's symbols"
@echo "                 (early boot and paged), helpers: basalt-help; GDB_ARGS adds options"
endef

.PHONY: debug gdb
