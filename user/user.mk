# User programs: libbasalt (user/lib), the root task (user/root) and the
# programs it carries (user/server, user/uart, user/fuzz), built
# for U-mode with the same cross compiler as the kernel but with floating
# point (lp64d): the kernel switches FP state lazily.

USER_ARCH_FLAGS := -march=rv64imafdc_zicsr_zifencei -mabi=lp64d -mcmodel=medany -mno-relax
USER_CFLAGS := $(USER_ARCH_FLAGS) -std=c11 -ffreestanding -fno-stack-protector \
	-fno-omit-frame-pointer -fno-common -ffunction-sections -fdata-sections -g -O2 \
	-Wall -Wextra -Werror -Wno-unused-parameter -Ilib -Iuser/lib -I. \
	-DBASALT_DEBUG=$(DEBUG)
USER_LDFLAGS := -nostdlib -static -no-pie -Wl,--gc-sections -Wl,-T,user/lib/user.ld \
	-Wl,--build-id=none -Wl,-z,max-page-size=4096

libbasalt-srcs := user/lib/crt0.S user/lib/start.c user/lib/invoke.c user/lib/print.c \
	user/lib/bootinfo.c user/lib/alloc.c user/lib/vmem.c user/lib/thread.c \
	user/lib/process.c user/lib/device.c user/lib/devmem.c user/lib/console.c \
	user/lib/resource.c user/lib/pager.c user/lib/pager_thread.c user/lib/irqoff.c \
	lib/fmt/fmt.c lib/base/mem.c lib/base/str.c lib/base/diag.c lib/elf/elf.c \
	$(filter lib/fdt/% lib/board/%,$(lib-srcs))
root-srcs := $(sort $(wildcard user/root/*.c)) user/root/modules.S user/root/test_insns.S
server-srcs := $(sort $(wildcard user/server/*.c))
uart-srcs := $(sort $(wildcard user/uart/*.c))
fuzz-srcs := $(sort $(wildcard user/fuzz/*.c)) user/fuzz/victim_code.S

# Where each program is linked (distinct, so a debugger can hold all their
# symbols at once).
USER_BASE_root := 0x10000000
USER_BASE_server := 0x20000000
USER_BASE_uart := 0x30000000
USER_BASE_fuzz := 0x50000000

$(BUILD)/user/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(say) UCC $<
	$(Q)$(CC) $(USER_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/user/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(say) UAS $<
	$(Q)$(CC) $(USER_ARCH_FLAGS) $(USER_ASFLAGS) -g -MMD -MP -c $< -o $@

libbasalt-objs := $(patsubst %,$(BUILD)/user/%.o,$(libbasalt-srcs))
root-objs := $(patsubst %,$(BUILD)/user/%.o,$(root-srcs))
server-objs := $(patsubst %,$(BUILD)/user/%.o,$(server-srcs))
uart-objs := $(patsubst %,$(BUILD)/user/%.o,$(uart-srcs))
fuzz-objs := $(patsubst %,$(BUILD)/user/%.o,$(fuzz-srcs))
# Reached only through the pattern rule below, so make would otherwise
# treat them as intermediate and delete them after each link.
.SECONDARY: $(libbasalt-objs) $(root-objs) $(server-objs) $(uart-objs) $(fuzz-objs)

# Each program: its objects, libbasalt, linked at its own USER_BASE_<name>.
$(BUILD)/user/%.elf: $(libbasalt-objs) user/lib/user.ld
	$(say) ULD $@
	$(Q)$(CC) $(USER_CFLAGS) $(USER_LDFLAGS) -Wl,--defsym=USER_BASE=$(USER_BASE_$*) \
		$(filter %.o,$^) -lgcc -o $@

$(BUILD)/user/root.elf: $(root-objs)
$(BUILD)/user/server.elf: $(server-objs)
$(BUILD)/user/uart.elf: $(uart-objs)
$(BUILD)/user/fuzz.elf: $(fuzz-objs)

# The root task carries the demo server and the console driver, without
# their debug information (the debugger reads it from the .elf files).
$(BUILD)/user/%.module: $(BUILD)/user/%.elf
	$(say) STRIP $@
	$(Q)$(OBJCOPY) --strip-debug $< $@

.SECONDARY: $(BUILD)/user/server.module $(BUILD)/user/uart.module $(BUILD)/user/fuzz.module
$(BUILD)/user/user/root/modules.S.o: $(BUILD)/user/server.module $(BUILD)/user/uart.module \
	$(BUILD)/user/fuzz.module
$(BUILD)/user/user/root/modules.S.o: USER_ASFLAGS += -DSERVER_ELF='"$(BUILD)/user/server.module"' \
	-DUART_ELF='"$(BUILD)/user/uart.module"' -DFUZZ_ELF='"$(BUILD)/user/fuzz.module"'

user: $(BUILD)/user/root.elf $(BUILD)/user/server.elf $(BUILD)/user/uart.elf $(BUILD)/user/fuzz.elf
.PHONY: user
