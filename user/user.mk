# User programs: libbasalt (user/lib) and the root task (user/root), built
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
	user/lib/bootinfo.c user/lib/alloc.c user/lib/vmem.c user/lib/thread.c lib/fmt/fmt.c lib/base/mem.c lib/base/str.c
root-srcs := $(sort $(wildcard user/root/*.c))

# Where each program is linked (distinct, so a debugger can hold all their
# symbols at once).
USER_BASE_root := 0x10000000

$(BUILD)/user/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(say) UCC $<
	$(Q)$(CC) $(USER_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/user/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(say) UAS $<
	$(Q)$(CC) $(USER_ARCH_FLAGS) -g -MMD -MP -c $< -o $@

libbasalt-objs := $(patsubst %,$(BUILD)/user/%.o,$(libbasalt-srcs))
root-objs := $(patsubst %,$(BUILD)/user/%.o,$(root-srcs))

$(BUILD)/user/root.elf: $(root-objs) $(libbasalt-objs) user/lib/user.ld
	$(say) ULD $@
	$(Q)$(CC) $(USER_CFLAGS) $(USER_LDFLAGS) -Wl,--defsym=USER_BASE=$(USER_BASE_root) \
		$(root-objs) $(libbasalt-objs) -lgcc -o $@

user: $(BUILD)/user/root.elf
.PHONY: user
