#!/bin/sh
# Writes the device trees QEMU builds for a spread of machines into OUTDIR,
# for the host unit tests (run_tests.py passes OUTDIR to them as
# $BASALT_EXTRA_DTB_DIR). Every blob is cut to its header's totalsize, as
# QEMU's dumpdtb writes its whole 1 MiB buffer.
#
#   tests/host/fdt/dump-qemu-dtbs.sh OUTDIR
#
# The set: virt with 128M/512M/1G/2G/4G/16G of RAM and 1/2/3/4/8 harts,
# virt with aclint and AIA variants, sifive_u with 2 and 5 harts, spike.
set -eu

[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
out=$1
QEMU=${BASALT_QEMU:-qemu-system-riscv64}
mkdir -p "$out"
rm -f "$out"/*.dtb

dump() {
	name=$1
	machine=$2
	shift 2
	file="$out/$name.dtb"
	"$QEMU" -nographic -machine "$machine,dumpdtb=$file" "$@" >/dev/null 2>&1 </dev/null || {
		echo "dump-qemu-dtbs: QEMU failed for $name ($machine $*)" >&2
		exit 1
	}
	# Cut to the header's totalsize (big-endian 32-bit word at offset 4).
	total=$(od -An -tu1 -j4 -N4 "$file" | awk '{ print (($1 * 256 + $2) * 256 + $3) * 256 + $4 }')
	[ "$total" -ge 40 ] || { echo "dump-qemu-dtbs: $name: bad totalsize $total" >&2; exit 1; }
	head -c "$total" "$file" > "$file.tmp" && mv "$file.tmp" "$file"
}

for mem in 128M 512M 1G 2G 4G 16G; do
	for smp in 1 2 3 4 8; do
		dump "virt-$mem-smp$smp" virt -m "$mem" -smp "$smp"
	done
done
dump virt-1G-smp4-aclint virt,aclint=on -m 1G -smp 4
dump virt-1G-smp4-aia-aplic virt,aia=aplic -m 1G -smp 4
dump virt-2G-smp2-aia-imsic virt,aia=aplic-imsic -m 2G -smp 2
dump sifive_u-1G-smp2 sifive_u -m 1G -smp 2
dump sifive_u-2G-smp5 sifive_u -m 2G -smp 5
dump spike-1G-smp2 spike -m 1G -smp 2
echo "dump-qemu-dtbs: $(ls "$out"/*.dtb | wc -l) blobs in $out"
