# Board artefacts: what U-Boot needs to boot Basalt on a HiFive Unmatched
# (and on QEMU virt's S-mode U-Boot, which the tests use). Included by the
# top Makefile; `make board` builds, under $(BUILD)/board/:
#
#   Image        the kernel, the very file $(BUILD)/Image (one image, all boards)
#   basalt.itb   FIT image: the kernel and the Unmatched device tree, hashed
#                (scripts/board/basalt.its)
#   boot.scr     U-Boot script from scripts/board/boot.cmd
#   bootfs/      the boot partition's files: Image, basalt.itb, boot.scr and,
#                when BOARD_BOOTARGS or BOARD_FDT is set, basalt.env
#   bootfs.ext4  that directory as an ext4 file system (for an SD card partition)
#   boot.img     a disk: MBR + that file system as its one bootable partition
#
# `make board-run` boots boot.img under QEMU virt with U-Boot; `make
# board-sdcard UBOOT_SPL=... UBOOT_ITB=...` makes sdcard.img, a whole SD card
# for the Unmatched (loaders + boot partition).
#
# Variables: BOARD_BOOTARGS='test ...' (kernel command line written to
# basalt.env), BOARD_FDT=fit (boot the FIT's device tree instead of the
# firmware's), BOARD_DTS (default hifive-unmatched-a00), BOARD_BOOTFS_MB
# (partition size, default 32). See docs/boards.md.

BOARD_OUT      := $(BUILD)/board
BOARD_DTS      ?= hifive-unmatched-a00
BOARD_BOOTFS_MB ?= 32
BOARD_BOOTARGS ?=
BOARD_FDT      ?=
MKIMAGE        ?= mkimage

board-files := $(BOARD_OUT)/Image $(BOARD_OUT)/basalt.itb $(BOARD_OUT)/boot.scr

$(BOARD_OUT)/Image: $(BUILD)/Image
	@mkdir -p $(dir $@)
	$(say) CP $@
	$(Q)cp $< $@

$(BOARD_OUT)/boot.scr: scripts/board/boot.cmd
	@mkdir -p $(dir $@)
	$(say) MKIMAGE $@
	$(Q)$(MKIMAGE) -q -A riscv -O linux -T script -C none -n "Basalt boot script" -d $< $@ >/dev/null

# mkimage resolves /incbin/ next to the .its, so the inputs are staged there
# under the names the .its uses.
$(BOARD_OUT)/basalt.itb: scripts/board/basalt.its $(BUILD)/Image $(BUILD)/dts/$(BOARD_DTS).dtb
	@mkdir -p $(BOARD_OUT)/fit
	$(say) MKIMAGE $@
	$(Q)cp scripts/board/basalt.its $(BOARD_OUT)/fit/basalt.its
	$(Q)cp $(BUILD)/Image $(BOARD_OUT)/fit/Image
	$(Q)cp $(BUILD)/dts/$(BOARD_DTS).dtb $(BOARD_OUT)/fit/board.dtb
	$(Q)$(MKIMAGE) -q -f $(BOARD_OUT)/fit/basalt.its $@

# The text of basalt.env, from the variables. env.txt is rewritten only when
# that text changes, so boot.img is rebuilt when the variables change.
board-env := $(if $(BOARD_BOOTARGS),bootargs=$(BOARD_BOOTARGS)\n)$(if $(BOARD_FDT),basalt_fdt=$(BOARD_FDT)\n)
$(BOARD_OUT)/env.txt: FORCE
	@mkdir -p $(dir $@)
	$(Q)printf '%b' '$(board-env)' > $@.new
	$(Q)if cmp -s $@.new $@; then rm $@.new; else mv $@.new $@; fi

$(BOARD_OUT)/boot.img: $(board-files) $(BOARD_OUT)/env.txt scripts/board/mkbootpart.sh
	$(say) MKBOOT $@
	$(Q)rm -rf $(BOARD_OUT)/bootfs && mkdir -p $(BOARD_OUT)/bootfs
	$(Q)cp $(board-files) $(BOARD_OUT)/bootfs/
	$(Q)if [ -s $(BOARD_OUT)/env.txt ]; then cp $(BOARD_OUT)/env.txt $(BOARD_OUT)/bootfs/basalt.env; fi
	$(Q)scripts/board/mkbootpart.sh $(BOARD_OUT)/bootfs $(BOARD_OUT)/bootfs.ext4 $@ $(BOARD_BOOTFS_MB)

board: $(board-files) $(BOARD_OUT)/boot.img
	@echo "board artefacts are in $(BOARD_OUT)/ (boot.img: MBR disk; bootfs.ext4: the partition alone)"

# A whole SD card for the Unmatched: the board's loaders (U-Boot SPL and
# u-boot.itb built for sifive_unmatched, which Debian 12 does not ship) and
# the boot partition, in the GPT layout of scripts/board/mksdcard.sh.
board-sdcard: $(BOARD_OUT)/boot.img
	@if [ -z "$(UBOOT_SPL)" ] || [ -z "$(UBOOT_ITB)" ]; then \
		echo "make board-sdcard needs UBOOT_SPL=.../u-boot-spl.bin UBOOT_ITB=.../u-boot.itb" \
			"(see docs/boards.md)" >&2; exit 1; fi
	$(say) MKSD $(BOARD_OUT)/sdcard.img
	$(Q)scripts/board/mksdcard.sh $(BOARD_OUT)/sdcard.img $(BOARD_OUT)/bootfs.ext4 \
		$(UBOOT_SPL) $(UBOOT_ITB)

# The U-Boot path under QEMU, interactively (Ctrl-A x quits): QEMU virt,
# Debian's OpenSBI and S-mode U-Boot, boot.img as a virtio disk, as the
# board tests run it. Press a key during U-Boot's countdown for its prompt.
board-run: board
	@qemu-system-riscv64 -machine virt -m 1G -smp 2 -nographic \
		-bios /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin \
		-kernel /usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin \
		-drive file=$(BOARD_OUT)/boot.img,format=raw,if=none,id=hd0 \
		-device virtio-blk-device,drive=hd0

# `make all` (and so `make test`) builds them too: the board suites test them.
all: board

.PHONY: board board-run board-sdcard FORCE
FORCE:
