# Basalt's U-Boot boot script: the source of boot.scr (built by
# scripts/board/board.mk with mkimage -T script).
#
# U-Boot's distro boot (bootcmd -> distro_bootcmd) finds boot.scr on the first
# bootable partition of each boot device and runs it with devtype, devnum,
# distro_bootpart and prefix set. The same script serves the HiFive Unmatched
# (U-Boot from SD card or SPI flash) and QEMU virt (S-mode U-Boot under
# OpenSBI): it uses only the board's own environment, kernel_addr_r and
# fdtcontroladdr, never an address of its own.
#
# Settings, all optional:
#   bootargs    the kernel command line; U-Boot writes it to /chosen/bootargs.
#               Set it at the U-Boot prompt (setenv bootargs test; boot) or in
#               basalt.env.
#   basalt_fdt  "fit": boot basalt.itb, the kernel with the device tree built
#               into it (configuration "board"); anything else (default): boot
#               the Image with the device tree the firmware handed to U-Boot.
# basalt.env, a text file of name=value lines on this partition, is imported
# first when it is there (make board BOARD_BOOTARGS=... writes one), so an
# image can carry its own command line without touching U-Boot's environment.

setenv basalt_part "${devtype} ${devnum}:${distro_bootpart}"
echo "Basalt: boot script on ${basalt_part}"

if test -e ${devtype} ${devnum}:${distro_bootpart} ${prefix}basalt.env; then
	load ${devtype} ${devnum}:${distro_bootpart} ${kernel_addr_r} ${prefix}basalt.env
	env import -t ${kernel_addr_r} ${filesize}
	echo "Basalt: settings imported from ${prefix}basalt.env"
fi
echo "Basalt: bootargs [${bootargs}]"

if test "${basalt_fdt}" = "fit"; then
	echo "Basalt: kernel and device tree from ${prefix}basalt.itb"
	load ${devtype} ${devnum}:${distro_bootpart} ${kernel_addr_r} ${prefix}basalt.itb
	bootm ${kernel_addr_r}#board
else
	echo "Basalt: kernel ${prefix}Image, device tree from the firmware at ${fdtcontroladdr}"
	load ${devtype} ${devnum}:${distro_bootpart} ${kernel_addr_r} ${prefix}Image
	booti ${kernel_addr_r} - ${fdtcontroladdr}
fi
echo "Basalt: boot failed"
