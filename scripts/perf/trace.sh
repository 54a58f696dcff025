#!/bin/sh
# Record an instruction trace of a few benchmark iterations of one group
# (docs/performance.md):
#   scripts/perf/trace.sh IMAGE GROUP TRACE_FILE
# then scripts/perf/trace_hist.py TRACE_FILE START_PC END_PC ELF...
set -eu
image=$1
group=$2
out=$3
timeout 600 qemu-system-riscv64 -machine virt -m 1G -smp 1 -nographic \
	-bios /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin -kernel "$image" \
	-icount shift=0 -append "bench=3:$group" -singlestep -d exec,nochain -D "$out" \
	-dfilter 0x10000000..0x10100000,0xffffffff80000000..0xffffffff80200000 \
	</dev/null >/dev/null 2>&1 || true
