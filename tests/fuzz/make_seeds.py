#!/usr/bin/env python3
"""Builds the fuzzers' seed inputs (make fuzz-seeds):

  make_seeds.py [--dtc DTC] OUTDIR

  OUTDIR/fdt/      every tests/dtb/*.dtb, tests/fuzz/seeds/*.dts compiled
                   (also as version 16 blobs), and two generated trees: deep
                   nesting, and every board table filled to its limit
  OUTDIR/bootmap/  each of those blobs behind a few 48-byte control blocks
                   (the format is described at the top of fuzz_bootmap.c)
  OUTDIR/json/     a few writer programs (see fuzz_json.c)

Seeds only start the search: what the fuzzers find is kept, minimised, in
tests/fuzz/corpus/ (make fuzz-corpus).
"""
import argparse
import glob
import os
import shutil
import struct
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

FLAG_RAW, FLAG_NO_DTB, FLAG_NO_IMG = 0x01, 0x02, 0x04


def control(flags=0, takes=(), img_ram=0, img_slot=0, img_size=0x200000,
            dtb_ram=0, dtb_off=0x1000000, raw_img=0, raw_dtb=0):
    """One control block: see the table in fuzz_bootmap.c."""
    assert len(takes) <= 7
    pairs = list(takes) + [(0, 0)] * (8 - len(takes))
    block = struct.pack(">BBHIBI3xQQ", flags | len(takes) << 3, img_ram, img_slot, img_size,
                        dtb_ram, dtb_off, raw_img, raw_dtb)
    block += bytes(b for pair in pairs for b in pair)
    assert len(block) == 48
    return block


# (name, control block) for every blob.
BOOTMAP_VARIANTS = [
    ("boot", control(takes=[(0, 0)] * 3)),
    ("takes", control(img_slot=5, img_size=0x1234567, dtb_off=0x123457,
                      takes=[(0, 0), (15, 9), (0x20, 0x45), (3, 0x80 | 6), (255, 3), (1, 0x40), (0, 8)])),
    ("nodtb", control(flags=FLAG_NO_DTB, img_ram=1, img_slot=1, takes=[(7, 2)])),
    ("raw", control(flags=FLAG_RAW, raw_img=0x80200000, raw_dtb=0x82200000, img_size=0x10000,
                    takes=[(0, 0), (0, 9)])),
    ("rawwrap", control(flags=FLAG_RAW, raw_img=0xfffffffffff00000, raw_dtb=0x80000000)),
]

JSON_SEEDS = {
    # object { "model": "QEMU \xff", "memory": [[1, 2]], "x": null, "t": true }
    "report": bytes([0, 4]) + b"model\0" + bytes([7]) + b"QEMU \xff\xc3\xa9\xe2\x82\0"
              + b"memory\0" + bytes([1, 1, 2, 2, 3]) + bytes(8) + bytes([3]) + b"\0" * 7 + b"\x02"
              + b"x\0" + bytes([5]) + b"t\0" + bytes([4, 1]),
    "strings": bytes([1, 4, 7]) + b"\x01\x1f\"\\\t\n\x7f\0" + bytes([7]) + b"\xf0\x9f\x98\x80\xed\xa0\x80\0"
               + bytes([7]) + b"\xf4\x90\x80\x80\xc0\xaf\xe0\x80\0" + bytes([7]) + b"\0",
    "deep": bytes([1, 1] * 20) + bytes([3]) + b"\xff" * 8,
    "empty": b"",
}


def compile_dts(dtc, src, dst, version=17):
    # -f: some seeds are deliberately odd (duplicate node names).
    # dtc still complains about those on stderr: show it only on failure.
    p = subprocess.run([dtc, "-q", "-f", "-I", "dts", "-O", "dtb", "-V", str(version),
                        "-o", dst, src], stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.exit("make_seeds: %s failed:\n%s" % (src, p.stderr))


CPU = ('cpu@%d { device_type = "cpu"; reg = <%d>; riscv,isa = "rv64imac"; '
       'mmu-type = "riscv,sv39"; };')


def deep_dts(levels=60):
    """Buses nested `levels` deep (FDT_MAX_DEPTH is 64), each with a
    translating ranges, a UART at the bottom named by an alias."""
    out = ['/dts-v1/;', '/ {', '#address-cells = <1>; #size-cells = <1>;',
           'aliases { deep = "/%s/dev@10"; };' % "/".join(["b"] * levels),
           'chosen { stdout-path = "deep"; };',
           'memory@80000000 { device_type = "memory"; reg = <0x80000000 0x1000000>; };',
           'cpus { #address-cells = <1>; #size-cells = <0>; ' + CPU % (0, 0) + ' };']
    out += ['b { #address-cells = <1>; #size-cells = <1>; ranges = <0x0 0x10 0x10000000>;'] * levels
    out += ['dev@10 { compatible = "ns16550a"; reg = <0x10 0x10>; };'] + ['};'] * levels + ['};']
    return "\n".join(out) + "\n"


def tables_dts():
    """Every fixed table of board_t at its limit: 32 RAM ranges, 64
    reservations (2 /memreserve/ + 62 nodes, each cutting RAM), 64 harts,
    256 device ranges. One more of anything is a refusal, a mutation away."""
    out = ['/dts-v1/;', '/memreserve/ 0x80000800 0x100;', '/memreserve/ 0x10000000 0x1000;',
           '/ {', '#address-cells = <1>; #size-cells = <1>;',
           'memory@80000000 { device_type = "memory"; reg = <%s>; };' % " ".join(
               "0x%x 0x1000000" % (0x80000000 + i * 0x2000000) for i in range(32)),
           'reserved-memory { #address-cells = <1>; #size-cells = <1>; ranges;']
    out += ['r%d@%x { reg = <0x%x 0x3000>;%s };' % (i, 0x80100000 + i * 0x2000000 // 2,
             0x80100000 + i * 0x2000000 // 2, " no-map;" if i % 2 else "") for i in range(62)]
    out += ['};', 'cpus { #address-cells = <1>; #size-cells = <0>; timebase-frequency = <1000000>;']
    out += [CPU % (i, i) for i in range(64)]
    out += ['};', 'soc { #address-cells = <1>; #size-cells = <1>; ranges;']
    out += ['d@%x { reg = <%s>; };' % (0x10000000 + i * 0x10000, " ".join(
        "0x%x 0x100" % (0x10000000 + i * 0x10000 + j * 0x100) for j in range(8))) for i in range(32)]
    out += ['};', '};']
    return "\n".join(out) + "\n"


def compile_text(dtc, text, dst, tmpdir):
    src = os.path.join(tmpdir, os.path.basename(dst) + ".dts")
    with open(src, "w") as f:
        f.write(text)
    compile_dts(dtc, src, dst)


def main():
    ap = argparse.ArgumentParser(description="Build the fuzz seeds.")
    ap.add_argument("--dtc", default="dtc")
    ap.add_argument("outdir")
    args = ap.parse_args()

    dirs = {t: os.path.join(args.outdir, t) for t in ("fdt", "bootmap", "json")}
    for d in dirs.values():
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)

    for dtb in sorted(glob.glob(os.path.join(ROOT, "tests", "dtb", "*.dtb"))):
        shutil.copy(dtb, dirs["fdt"])
    for dts in sorted(glob.glob(os.path.join(ROOT, "tests", "fuzz", "seeds", "*.dts"))):
        name = os.path.splitext(os.path.basename(dts))[0]
        compile_dts(args.dtc, dts, os.path.join(dirs["fdt"], "seed-" + name + ".dtb"))
        # Version 16 has no size_dt_struct: fdt_open finds the block's end.
        compile_dts(args.dtc, dts, os.path.join(dirs["fdt"], "seed-" + name + "-v16.dtb"), 16)
    tmp = os.path.join(args.outdir, "dts")
    os.makedirs(tmp, exist_ok=True)
    compile_text(args.dtc, deep_dts(), os.path.join(dirs["fdt"], "gen-deep.dtb"), tmp)
    compile_text(args.dtc, tables_dts(), os.path.join(dirs["fdt"], "gen-tables-full.dtb"), tmp)

    for dtb in sorted(os.listdir(dirs["fdt"])):
        with open(os.path.join(dirs["fdt"], dtb), "rb") as f:
            blob = f.read()
        for name, block in BOOTMAP_VARIANTS:
            with open(os.path.join(dirs["bootmap"], "%s-%s" % (dtb, name)), "wb") as f:
                f.write(block + blob)

    for name, data in JSON_SEEDS.items():
        with open(os.path.join(dirs["json"], name), "wb") as f:
            f.write(data)
    print("make_seeds: %d fdt, %d bootmap, %d json seeds in %s" % (
        len(os.listdir(dirs["fdt"])), len(os.listdir(dirs["bootmap"])),
        len(os.listdir(dirs["json"])), args.outdir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
