#!/bin/sh
# mkbootpart.sh DIR FS_IMAGE DISK_IMAGE [SIZE_MIB]
#
# Makes Basalt's boot partition from the files in DIR, without mounting or
# root rights:
#   FS_IMAGE    an ext4 file system of SIZE_MIB MiB (default 32) holding DIR's
#               files at its top level (mkfs.ext4 -d), ready to be written into
#               a partition (the Unmatched's SD card layout, docs/boards.md);
#   DISK_IMAGE  a whole disk: an MBR with one partition, Linux type 0x83,
#               marked bootable, starting at 1 MiB and holding FS_IMAGE. U-Boot's
#               distro boot scans the bootable partitions of a disk for
#               boot.scr; this is what QEMU's virtio disk and a USB stick get.
set -eu

if [ $# -lt 3 ] || [ $# -gt 4 ]; then
	echo "usage: $0 DIR FS_IMAGE DISK_IMAGE [SIZE_MIB]" >&2
	exit 2
fi
dir=$1
fs=$2
disk=$3
mib=${4:-32}
# mkfs.ext4 and sfdisk live in sbin, which a normal user's PATH may lack.
PATH=$PATH:/usr/sbin:/sbin

[ -d "$dir" ] || { echo "$0: $dir is not a directory" >&2; exit 1; }
[ -f "$dir/boot.scr" ] || { echo "$0: $dir has no boot.scr" >&2; exit 1; }

rm -f "$fs" "$disk"
truncate -s "${mib}M" "$fs"
# -d copies the tree; root_owner makes the files root's whatever user runs
# this, as on a partition made by hand.
mkfs.ext4 -q -F -L basalt-boot -E root_owner=0:0 -d "$dir" "$fs" "${mib}M"

# 1 MiB for the MBR and alignment, then the file system.
truncate -s 1M "$disk"
cat "$fs" >> "$disk"
# sfdisk notes the file system it finds where the partition starts (it is
# meant to be there): show its words only when it fails.
if ! out=$(printf 'label: dos\nstart=2048, size=%d, type=83, bootable\n' $((mib * 2048)) |
	sfdisk -q --no-reread --no-tell-kernel "$disk" 2>&1); then
	printf '%s\n' "$out" >&2
	exit 1
fi
