# Basalt: one Makefile for the kernel, the host tools and the tests.
#
# Each directory lists its own sources in an objects.mk (lib/*/objects.mk,
# kernel/objects.mk, platform/objects.mk, scripts/dtinfo/objects.mk) and each
# host test suite describes itself in tests/host/*/test.mk; the board
# artefacts (U-Boot boot files) have their rules in scripts/board/board.mk.
# Everything generated goes under build/. `make help` lists the targets.

VERSION     := 0.1.0
CROSS       ?= riscv64-unknown-elf-
BUILD       ?= build
DEBUG       ?= 1
HOST_CC     ?= cc
PYTHON      ?= python3

CC          := $(CROSS)gcc
OBJCOPY     := $(CROSS)objcopy
OBJDUMP     := $(CROSS)objdump
NM          := $(CROSS)nm
DTC         ?= dtc

.DEFAULT_GOAL := all
.SUFFIXES:

# Quiet by default: `make V=1` shows full commands.
ifeq ($(V),1)
Q :=
say := @true
else
Q := @
say := @printf '  %-7s %s\n'
endif

# ---------------------------------------------------------------- sources
lib-srcs       :=
kernel-srcs    :=
platform-srcs  :=
dtinfo-srcs    :=
host-tests     :=
include $(sort $(wildcard lib/*/objects.mk))
include kernel/objects.mk
include platform/objects.mk
include scripts/dtinfo/objects.mk
include $(sort $(wildcard tests/host/*/test.mk))
include user/user.mk
include tests/fuzz/fuzz.mk

# ---------------------------------------------------------------- kernel
# The kernel is linked at the top 2 GiB of the address space (valid in Sv39,
# Sv48 and Sv57) and runs from any 2 MiB-aligned physical load address;
# medany keeps every code/data reference PC-relative.
KERNEL_ARCH_FLAGS := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany \
	-mno-relax -mstrict-align
KERNEL_CFLAGS := $(KERNEL_ARCH_FLAGS) -std=c11 -ffreestanding -fno-builtin \
	-fno-pic -fno-pie -fno-stack-protector -fno-omit-frame-pointer \
	-fno-optimize-sibling-calls -fno-common -ffunction-sections -fdata-sections \
	-g3 -O2 \
	-Wall -Wextra -Werror -Wno-unused-parameter \
	-Ilib -Ikernel -I. -DBASALT_VERSION='"$(VERSION)"' \
	-DBASALT_DEBUG=$(DEBUG)
KERNEL_ASFLAGS := $(KERNEL_ARCH_FLAGS) -g -Ikernel -D__ASSEMBLY__ -DBASALT_DEBUG=$(DEBUG)
KERNEL_LDFLAGS := -nostdlib -static -no-pie -Wl,--gc-sections \
	-Wl,-T,kernel/arch/riscv/kernel.ld -Wl,--build-id=none -Wl,-z,max-page-size=4096

kernel-all-srcs := $(kernel-srcs) $(platform-srcs) $(lib-srcs)
kernel-objs := $(patsubst %,$(BUILD)/kernel/%.o,$(kernel-all-srcs))

$(BUILD)/kernel/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(KERNEL_CFLAGS) $(CFLAGS_$(notdir $<)) -MMD -MP -c $< -o $@

$(BUILD)/kernel/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(say) AS $<
	$(Q)$(CC) $(KERNEL_ASFLAGS) -MMD -MP -c $< -o $@

# The root task travels inside the kernel image.
$(BUILD)/kernel/kernel/boot/root_image.S.o: $(BUILD)/user/root.module
$(BUILD)/kernel/kernel/boot/root_image.S.o: KERNEL_ASFLAGS += -DROOT_ELF='"$(BUILD)/user/root.module"'

# Two-stage link, so that panic backtraces name functions (kernel/core/
# symbols.h): link once with an empty table, generate the table of that
# link's functions, link again with it. The table is in .rodata, after all
# of .text, so no function moves; gen_symtab.py --check proves it.
kernel-link = $(CC) $(KERNEL_CFLAGS) $(KERNEL_LDFLAGS) $(kernel-objs) $(1) -lgcc -o $@
symtab := $(BUILD)/kernel/symtab

$(symtab).stage1.c: scripts/gen_symtab.py
	@mkdir -p $(dir $@)
	$(Q)$(PYTHON) scripts/gen_symtab.py --empty > $@
$(symtab).c: $(BUILD)/kernel/basalt.stage1.elf scripts/gen_symtab.py
	$(say) SYMTAB $@
	$(Q)$(PYTHON) scripts/gen_symtab.py --nm $(NM) $< > $@.tmp && mv $@.tmp $@
$(symtab).stage1.o $(symtab).o: %.o: %.c kernel/core/symbols.h
	$(Q)$(CC) $(KERNEL_CFLAGS) -c $< -o $@

$(BUILD)/kernel/basalt.stage1.elf: $(kernel-objs) $(symtab).stage1.o kernel/arch/riscv/kernel.ld
	$(say) LD $@
	$(Q)$(call kernel-link,$(symtab).stage1.o)
$(BUILD)/basalt.elf: $(kernel-objs) $(symtab).o kernel/arch/riscv/kernel.ld
	$(say) LD $@
	$(Q)$(call kernel-link,$(symtab).o)
	$(Q)$(PYTHON) scripts/gen_symtab.py --nm $(NM) --check $(symtab).c $@ || { rm -f $@; exit 1; }

# The flat image starts with the RISC-V Image header: boots with QEMU
# -kernel and with U-Boot's booti.
$(BUILD)/Image: $(BUILD)/basalt.elf
	$(say) IMAGE $@
	$(Q)$(OBJCOPY) -O binary $< $@

kernel: $(BUILD)/basalt.elf $(BUILD)/Image

# ---------------------------------------------------------------- device trees
dts-srcs := $(wildcard dts/*.dts)
dtbs := $(patsubst dts/%.dts,$(BUILD)/dts/%.dtb,$(dts-srcs))
# Test variants /include/ another tree: dtc's dependency file (-d) makes
# them rebuild when it changes.
$(BUILD)/dts/%.dtb: dts/%.dts
	@mkdir -p $(dir $@)
	$(say) DTC $<
	$(Q)$(DTC) -q -d $@.d -I dts -O dtb -o $@ $<
dtbs: $(dtbs)

# ---------------------------------------------------------------- host
# BASALT_DEBUG=1: kernel code compiled for the host keeps its assertions
# (core/panic.h), which the host tests turn into test failures.
HOST_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -g -O1 -Wall -Wextra -Werror \
	-Wno-unused-parameter -Ilib -Ikernel -I. -DBASALT_VERSION='"$(VERSION)"' -DBASALT_DEBUG=1
# Host unit tests run the library code under AddressSanitizer and UBSan.
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

$(BUILD)/host/plain/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(say) HOSTCC $<
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -O2 -MMD -MP -c $< -o $@
$(BUILD)/host/san/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(say) HOSTCC $<
	$(Q)$(HOST_CC) $(HOST_CFLAGS) $(SAN_FLAGS) -MMD -MP -c $< -o $@

# dtinfo: the kernel's view of a board, computed on the host.
dtinfo-objs := $(patsubst %,$(BUILD)/host/plain/%.o,$(dtinfo-srcs) $(lib-srcs))
$(BUILD)/host/dtinfo: $(dtinfo-objs)
	$(say) HOSTLD $@
	$(Q)$(HOST_CC) $(HOST_CFLAGS) $^ -o $@
dtinfo: $(BUILD)/host/dtinfo
	@echo "dtinfo is at $(BUILD)/host/dtinfo (usage: $(BUILD)/host/dtinfo [--json] FILE.dtb)"

# Each suite in tests/host/NAME/test.mk adds NAME to host-tests and sets
# test-NAME-srcs (and optionally test-NAME-libs).
define host_test_rule
$(BUILD)/host/tests/$(1): $$(patsubst %,$(BUILD)/host/san/%.o,$$(test-$(1)-srcs) $(lib-srcs))
	@mkdir -p $$(dir $$@)
	$(say) HOSTLD $$@
	$(Q)$(HOST_CC) $(HOST_CFLAGS) $(SAN_FLAGS) $$^ -lcmocka $$(test-$(1)-libs) -o $$@
endef
$(foreach t,$(host-tests),$(eval $(call host_test_rule,$(t))))
host-test-bins := $(patsubst %,$(BUILD)/host/tests/%,$(host-tests))
host-tests: $(host-test-bins)

# ---------------------------------------------------------------- board artefacts
include scripts/board/board.mk

# ---------------------------------------------------------------- top level
all: kernel dtbs dtinfo

deps:
	@scripts/install-deps.sh

run: deps
	@$(MAKE) --no-print-directory all
	@scripts/qemu-run.sh $(BUILD)/Image $(RUN_ARGS)

test: deps
	@$(MAKE) --no-print-directory all host-tests release
	@$(PYTHON) scripts/run_tests.py $(TEST_ARGS)

# Benchmarks run a release build (no assertions, no audit) of its own.
RELEASE_BUILD := $(BUILD)/release
release:
	@$(MAKE) --no-print-directory BUILD=$(RELEASE_BUILD) DEBUG=0 kernel

BENCH_ITERATIONS ?= 1000
bench: deps
	@$(MAKE) --no-print-directory release
	@$(PYTHON) scripts/bench.py --image $(RELEASE_BUILD)/Image --iterations $(BENCH_ITERATIONS) \
		--out $(BUILD)/bench

# The system-call fuzzer (user/fuzz, docs/robustness.md) needs the debug
# build: the kernel's audit and interrupts-off measurement exist only there.
FUZZ_CALLS ?= 1000000
FUZZ_SEED  ?= 0x5eedf00d
fuzz: deps
ifneq ($(DEBUG),1)
	$(error make fuzz needs the debug build (DEBUG=1): the audit exists only there)
endif
	@$(MAKE) --no-print-directory kernel
	@$(PYTHON) scripts/fuzz.py --calls $(FUZZ_CALLS) --seed $(FUZZ_SEED)

clean:
	rm -rf $(BUILD)

help:
	@echo "Basalt $(VERSION) - targets:"
	@echo "  make run       install missing packages, build, boot QEMU virt into Basalt's shell"
	@echo "                 (type 'help'; 'halt' powers off; Ctrl-A x quits QEMU)"
	@echo "                 RUN_ARGS='-m 4G -smp 4 -append \"paging=sv39\"' passes QEMU options"
	@echo "                 (-append \"test=IPC\" runs those in-QEMU tests and powers off)"
	@echo "  make test      build and run every test suite; ends with 'N passed, N failed'"
	@echo "                 TEST_ARGS='--only boot' runs the suites whose name contains 'boot'"
	@echo "  make all       kernel ELF ($(BUILD)/basalt.elf), Image ($(BUILD)/Image), DTBs, dtinfo,"
	@echo "                 board artefacts"
	@echo "  make board     U-Boot boot files in $(BUILD)/board/: Image, basalt.itb (FIT), boot.scr,"
	@echo "                 bootfs.ext4 (boot partition), boot.img (MBR disk); see docs/boards.md"
	@echo "                 BOARD_BOOTARGS='test' sets the kernel command line (basalt.env),"
	@echo "                 BOARD_FDT=fit boots the FIT's Unmatched device tree"
	@echo "  make board-run boot $(BUILD)/board/boot.img with U-Boot on QEMU virt (Ctrl-A x quits)"
	@echo "  make board-sdcard UBOOT_SPL=u-boot-spl.bin UBOOT_ITB=u-boot.itb"
	@echo "                 a whole Unmatched SD card image: $(BUILD)/board/sdcard.img"
	@echo "  make kernel    just the kernel ELF and its flat Image (the root task inside)"
	@echo "  make bench     benchmarks on a release build under QEMU -icount: table, JSON and chart"
	@echo "                 in $(BUILD)/bench/ (BENCH_ITERATIONS=1000 hot iterations per row)"
	@echo "  make release   a release build (no assertions, no audit) in $(BUILD)/release/"
	@echo "  make user      the user programs: $(BUILD)/user/root.elf, $(BUILD)/user/server.elf,"
	@echo "                 $(BUILD)/user/uart.elf (the console driver), $(BUILD)/user/fuzz.elf (the fuzzer)"
	@echo "  make dtinfo    host tool: $(BUILD)/host/dtinfo [--json] [--kernel-size N] FILE.dtb"
	@echo "  make dtbs      compile dts/*.dts into $(BUILD)/dts/"
	@echo "  make host-tests  build the host unit tests into $(BUILD)/host/tests/"
	@echo "  make fuzz      the system-call fuzzer in QEMU (debug build): random calls, audits, report"
	@echo "                 FUZZ_CALLS=1000000 calls, FUZZ_SEED=0x5eedf00d (or random; printed)"
	@echo "  make fuzz-dtb  fuzz the DTB reader, board and memory map, JSON writer (clang)"
	@echo "                 FUZZ_TIME=60 seconds per target, FUZZ_TARGETS='fdt bootmap json'"
	@echo "  make fuzz-corpus  minimise what fuzz-dtb found into tests/fuzz/corpus/"
	@echo "  make deps      install missing Debian packages (scripts/install-deps.sh)"
	$(gdb-help)
	@echo "  make clean     remove $(BUILD)/"
	@echo "Variables: DEBUG=0 (release build), CROSS=$(CROSS), BUILD=$(BUILD)"

.PHONY: all kernel dtbs dtinfo host-tests deps run test clean help release bench fuzz

include scripts/gdb/gdb.mk

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
