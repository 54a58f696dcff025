#!/bin/sh
# mksdcard.sh OUT_IMAGE BOOTFS_EXT4 [U_BOOT_SPL U_BOOT_ITB]
#
# A whole SD card image for the HiFive Unmatched, in the layout its boot ROM
# and U-Boot SPL expect (docs/boards.md, "SD card layout"):
#
#   GPT, partition entries in sectors 2-33, then
#   1 "spl"    sectors    34-2081   type 5B193300-FC78-40CD-8002-E86C45580B47
#              the boot ROM (ZSBL) loads U-Boot SPL from the partition of this type
#   2 "uboot"  sectors  2082-10273  type 2E54B353-1271-4842-806F-E436D6AF6985
#              SPL reads u-boot.itb (OpenSBI + U-Boot + DTB) from sector 2082
#   3 "boot"   from sector 16384    Linux file system type, attribute
#              LegacyBIOSBootable: U-Boot's distro boot scans only the
#              bootable partitions of a disk (partition 1 if none is), so the
#              flag is what makes it find boot.scr here
#
# With U_BOOT_SPL and U_BOOT_ITB (u-boot-spl.bin and u-boot.itb built for
# sifive_unmatched) the loaders are written into partitions 1 and 2 and the
# image boots the board on its own; without them those partitions stay empty
# (the tests use that to check the layout under QEMU, where the firmware
# comes from elsewhere).
set -eu

if [ $# -ne 2 ] && [ $# -ne 4 ]; then
	echo "usage: $0 OUT_IMAGE BOOTFS_EXT4 [U_BOOT_SPL U_BOOT_ITB]" >&2
	exit 2
fi
out=$1
fs=$2
PATH=$PATH:/usr/sbin:/sbin

fs_bytes=$(stat -c %s "$fs")
fs_sectors=$(( (fs_bytes + 511) / 512 ))
# Partition 3, then 1 MiB for the backup GPT (33 sectors) and rounding.
total=$(( (16384 + fs_sectors + 2048) / 2048 * 2048 ))

if [ $# -eq 4 ]; then
	[ "$(stat -c %s "$3")" -le $((2048 * 512)) ] || { echo "$0: $3 is over 1 MiB" >&2; exit 1; }
	[ "$(stat -c %s "$4")" -le $((8192 * 512)) ] || { echo "$0: $4 is over 4 MiB" >&2; exit 1; }
fi

rm -f "$out"
truncate -s $((total * 512)) "$out"
if ! msg=$(sfdisk -q --no-reread --no-tell-kernel "$out" 2>&1 <<EOT
label: gpt
first-lba: 34
start=34, size=2048, type=5B193300-FC78-40CD-8002-E86C45580B47, name="spl"
start=2082, size=8192, type=2E54B353-1271-4842-806F-E436D6AF6985, name="uboot"
start=16384, size=$fs_sectors, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name="boot", attrs="LegacyBIOSBootable"
EOT
); then
	printf '%s\n' "$msg" >&2
	exit 1
fi
dd if="$fs" of="$out" bs=512 seek=16384 conv=notrunc status=none
if [ $# -eq 4 ]; then
	dd if="$3" of="$out" bs=512 seek=34 conv=notrunc status=none
	dd if="$4" of="$out" bs=512 seek=2082 conv=notrunc status=none
fi
