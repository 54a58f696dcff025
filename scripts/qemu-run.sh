#!/bin/sh
# Boots a Basalt kernel image on QEMU's virt machine, console on this
# terminal: what `make run` does. Ctrl-A x quits QEMU (Ctrl-A h: more keys).
#
#   scripts/qemu-run.sh IMAGE [QEMU OPTIONS...]
#
# Defaults: -machine virt -m 1G -smp 1, Debian's OpenSBI fw_jump.bin as
# firmware. Every option after IMAGE goes to QEMU as it is; -m, -smp,
# -machine/-M and -bios given there replace the defaults, e.g.
#   scripts/qemu-run.sh build/Image -m 4G -smp 4 -append "paging=sv39"
#   scripts/qemu-run.sh build/Image -dtb build/dts/qemu-virt-sv39.dtb -smp 2
#   scripts/qemu-run.sh build/Image -s -S      (wait for gdb-multiarch on :1234)
set -eu

QEMU=${QEMU:-qemu-system-riscv64}
FW_JUMP=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin

usage() {
	echo "usage: $0 IMAGE [qemu options...]   (Ctrl-A x quits QEMU)" >&2
	exit 2
}

[ $# -ge 1 ] || usage
case $1 in -h|--help) usage ;; esac
image=$1
shift
if [ ! -f "$image" ]; then
	echo "qemu-run: no kernel image at '$image' (build it with 'make kernel')" >&2
	exit 1
fi

have_m='' have_smp='' have_machine='' have_bios=''
for arg in "$@"; do
	case $arg in
	-m|--m|-m=*) have_m=1 ;;
	-smp|--smp|-smp=*) have_smp=1 ;;
	-M|-machine|--machine|-M=*|-machine=*) have_machine=1 ;;
	-bios|--bios|-bios=*) have_bios=1 ;;
	esac
done

if [ -z "$have_bios" ] && [ ! -f "$FW_JUMP" ]; then
	echo "qemu-run: $FW_JUMP is missing (Debian package opensbi; run 'make deps')" >&2
	exit 1
fi
if ! command -v "$QEMU" >/dev/null 2>&1; then
	echo "qemu-run: $QEMU not found (Debian package qemu-system-misc; run 'make deps')" >&2
	exit 1
fi

# Build the final argument list in "$@": defaults first, then the caller's.
for default in bios machine smp m; do
	case $default in
	bios) [ -n "$have_bios" ] || set -- -bios "$FW_JUMP" "$@" ;;
	machine) [ -n "$have_machine" ] || set -- -machine virt "$@" ;;
	smp) [ -n "$have_smp" ] || set -- -smp 1 "$@" ;;
	m) [ -n "$have_m" ] || set -- -m 1G "$@" ;;
	esac
done

if [ -t 0 ]; then
	echo "qemu-run: booting $image (type help at the basalt> prompt; Ctrl-A x quits)" >&2
fi
exec "$QEMU" -nographic -kernel "$image" "$@"
