#!/usr/bin/env python3
"""Builds the fuzzers' seed inputs (make fuzz-seeds):

  make_seeds.py [--dtc DTC] OUTDIR

  OUTDIR/fdt/      every tests/dtb/*.dtb, and tests/fuzz/seeds/*.dts compiled
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


def compile_dts(dtc, src, dst):
    # -f: some seeds are deliberately odd (duplicate node names).
    # dtc still complains about those on stderr: show it only on failure.
    p = subprocess.run([dtc, "-q", "-f", "-I", "dts", "-O", "dtb", "-o", dst, src],
                       stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.exit("make_seeds: %s failed:\n%s" % (src, p.stderr))


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
