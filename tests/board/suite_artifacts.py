#!/usr/bin/env python3
"""What `make board` leaves in build/board/, read back with independent tools (TAP).

  Image        byte for byte build/Image: one kernel image for every board
  boot.scr     a U-Boot legacy image of type "script" (header magic, type,
               header and data CRCs) whose one part is scripts/board/boot.cmd
  basalt.itb   mkimage's FIT: default configuration "board" with kernel and
               fdt; dumpimage extracts the kernel (== build/Image, load and
               entry 0x80200000, sha256) and the tree (== build/dts/
               hifive-unmatched-a00.dtb)
  boot.img     an MBR disk (sfdisk --json): one Linux (0x83) partition,
               bootable, at sector 2048, whose bytes are bootfs.ext4
  bootfs.ext4  an ext4 file system (debugfs) holding exactly Image, boot.scr
               and basalt.itb, each equal to its build/board/ copy, and no
               basalt.env (a plain `make board` sets no boot arguments)
"""
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "qemu"))
import basalt_qemu as q  # noqa: E402

B = q.build_path("board")
SBIN = os.environ.get("PATH", "") + ":/usr/sbin:/sbin"
UIMAGE_MAGIC = 0x27051956
IH_TYPE_SCRIPT = 6
SECTOR = 512


def read(path):
    with open(path, "rb") as f:
        return f.read()


def tool(argv, binary=False):
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60,
                       env=dict(os.environ, PATH=SBIN))
    out = p.stdout if binary else p.stdout.decode("utf-8", "replace")
    return p.returncode, out, p.stderr.decode("utf-8", "replace")


def check_script(tap):
    blob = read(os.path.join(B, "boot.scr"))
    errs = []
    hdr = blob[:64]
    magic, hcrc, _time, size, _load, _ep, dcrc, _os, _arch, itype, _comp = struct.unpack(
        ">7I4B", hdr[:32])
    if magic != UIMAGE_MAGIC:
        errs.append("magic 0x%08x" % magic)
    if zlib.crc32(hdr[:4] + b"\0\0\0\0" + hdr[8:]) != hcrc:
        errs.append("header CRC does not match")
    data = blob[64:64 + size]
    if zlib.crc32(data) != dcrc or len(data) != size:
        errs.append("data CRC or size does not match")
    if itype != IH_TYPE_SCRIPT:
        errs.append("image type %d, not a script (%d)" % (itype, IH_TYPE_SCRIPT))
    # Multi-file layout: part sizes (big-endian words, 0-terminated), then parts.
    first = struct.unpack(">I", data[:4])[0] if len(data) >= 8 else 0
    body = data[8:8 + first]
    if body != read(q.root_path("scripts", "board", "boot.cmd")):
        errs.append("the script part is not scripts/board/boot.cmd")
    tap.ok(not errs, "boot.scr: a U-Boot script image holding scripts/board/boot.cmd",
           "\n".join(errs))


def check_fit(tap):
    itb = os.path.join(B, "basalt.itb")
    rc, listing, err = tool(["mkimage", "-l", itb])
    errs = []
    if rc != 0:
        errs.append("mkimage -l: %s" % err)
    for rx in (r"Default Configuration: 'board'", r"Kernel:\s+kernel", r"FDT:\s+fdt",
               r"Load Address:\s+0x80200000", r"Entry Point:\s+0x80200000",
               r"Hash algo:\s+sha256"):
        if not re.search(rx, listing):
            errs.append("mkimage -l shows no /%s/" % rx)
    tap.ok(not errs, "basalt.itb: default configuration 'board' = kernel at 0x80200000 + fdt, "
           "SHA-256 hashes", "\n".join(errs) + "\n" + listing)
    with tempfile.TemporaryDirectory() as tmp:
        for index, name, want in ((0, "kernel", q.kernel_image()),
                                  (1, "fdt", q.build_path("dts", "hifive-unmatched-a00.dtb"))):
            out = os.path.join(tmp, name)
            rc, _, err = tool(["dumpimage", "-T", "flat_dt", "-p", str(index), "-o", out, itb])
            same = rc == 0 and os.path.isfile(out) and read(out) == read(want)
            tap.ok(same, "basalt.itb: image %d (%s) is %s" % (index, name, os.path.relpath(want, q.ROOT)),
                   err or "contents differ")


def partition_table():
    rc, out, err = tool(["sfdisk", "--json", os.path.join(B, "boot.img")])
    if rc != 0:
        return None, err
    return json.loads(out)["partitiontable"], ""


def check_disk(tap):
    pt, err = partition_table()
    errs = []
    if pt is None:
        errs.append("sfdisk --json: %s" % err)
        parts = []
    else:
        parts = pt.get("partitions", [])
        if pt.get("label") != "dos":
            errs.append("label %s, expected dos (MBR)" % pt.get("label"))
        if len(parts) != 1:
            errs.append("%d partitions, expected 1" % len(parts))
        else:
            p = parts[0]
            if p.get("start") != 2048 or p.get("type") != "83" or not p.get("bootable"):
                errs.append("partition %s: expected start 2048, type 83, bootable" % p)
    tap.ok(not errs, "boot.img: MBR with one bootable Linux partition at 1 MiB", "\n".join(errs))
    fs = read(os.path.join(B, "bootfs.ext4"))
    same = False
    if len(parts) == 1:
        with open(os.path.join(B, "boot.img"), "rb") as f:
            f.seek(parts[0]["start"] * SECTOR)
            same = parts[0]["size"] * SECTOR == len(fs) and f.read(len(fs)) == fs
    tap.ok(same, "boot.img: the partition holds bootfs.ext4 byte for byte",
           "partition %s, bootfs.ext4 %d bytes" % (parts, len(fs)))


def check_fs(tap):
    fs = os.path.join(B, "bootfs.ext4")
    rc, out, err = tool(["debugfs", "-R", "ls -p /", fs])
    names = sorted(x.split("/")[5] for x in out.splitlines() if x.count("/") >= 6
                   and x.split("/")[5] not in (".", "..", "lost+found"))
    tap.ok(rc == 0 and names == ["Image", "basalt.itb", "boot.scr"],
           "bootfs.ext4: ext4 holding exactly Image, basalt.itb, boot.scr", "files: %s\n%s" % (
               names, err))
    for name in ("Image", "basalt.itb", "boot.scr"):
        rc, data, err = tool(["debugfs", "-R", "cat /%s" % name, fs], binary=True)
        tap.ok(rc == 0 and data == read(os.path.join(B, name)),
               "bootfs.ext4: /%s equals build/board/%s" % (name, name), err or "contents differ")


def main():
    tap = q.Tap()
    need = ["Image", "boot.scr", "basalt.itb", "boot.img", "bootfs.ext4"]
    missing = [n for n in need if not os.path.isfile(os.path.join(B, n))]
    if missing:
        tap.ok(False, "build/board/ has %s" % ", ".join(need), "missing %s: run 'make board'" % missing)
        return tap.done()
    tap.ok(read(os.path.join(B, "Image")) == read(q.kernel_image()),
           "Image: the same file as build/Image (one image for every board)")
    check_script(tap)
    check_fit(tap)
    check_disk(tap)
    check_fs(tap)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
