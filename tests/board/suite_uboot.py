#!/usr/bin/env python3
"""Basalt booted by U-Boot's distro boot, as on a HiFive Unmatched (TAP).

QEMU virt, Debian's OpenSBI (fw_jump) and Debian's S-mode U-Boot as its
payload, and a boot disk on virtio. Nobody types at U-Boot: its autoboot
runs distro_bootcmd, which finds boot.scr on the disk's bootable partition;
the script loads the kernel and boots it. Each run has a hard time limit and
a hang fails with the last lines of output.

  boot.img         build/board/boot.img as `make board` made it: the console
                   shows U-Boot, the script, Basalt's banner and the end
                   marker in that order; the kernel runs where booti moved
                   the Image (RAM base + text_offset, as U-Boot printed) and
                   its size is the header's; the device tree is the one
                   U-Boot passed (fdtcontroladdr, address as printed) and the
                   kernel's reservation for it lies inside the range U-Boot
                   gave it; the memory map is RAM from QEMU's tree minus
                   OpenSBI's reservation (passed on by U-Boot), the image,
                   the DTB and the page tables; devices are QEMU's
  basalt.env       the same files plus basalt.env "bootargs=paging=sv39
                   bootcost": both words reach the kernel (/chosen/bootargs)
  FIT              basalt.itb built from scripts/board/basalt.its with
                   build/dts/qemu-virt-sv39.dtb as its device tree, and
                   basalt_fdt=fit: U-Boot verifies both SHA-256 hashes, the
                   kernel runs at the FIT's load address with the FIT's tree
                   (it says sv39, the firmware's says sv48), and U-Boot has
                   copied OpenSBI's reservation into that tree
  SD card layout   scripts/board/mksdcard.sh around build/board/bootfs.ext4
                   (no loaders: QEMU brings its own firmware): the GPT has the
                   Unmatched's partitions (SPL type at sector 34, U-Boot type
                   at 2082, the boot partition at 16384 marked
                   LegacyBIOSBootable, holding bootfs.ext4), and U-Boot's
                   distro boot picks partition 3 by that flag and boots it

The success condition is board_common.boot_succeeded() (see there to switch
to the in-QEMU test suite).
"""
# basalt-suite-timeout: 1200
import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import board_common as bc  # noqa: E402
from board_common import q  # noqa: E402

RUN_TIMEOUT = float(os.environ.get("BASALT_QEMU_TIMEOUT", "300"))
TEXT_OFFSET = 0x200000
HEX = r"(?:0x)?([0-9a-fA-F]+)"


def run_disk(disk):
    r = q.run(cmd=bc.uboot_command(disk), timeout=RUN_TIMEOUT, end_marker=bc.stop_marker(),
              exit_grace=5.0)
    return r, q.parse_console(r.output)


def boot_ok(tap, name, r):
    ok, why = bc.boot_succeeded(r.output)
    ran = ok and not r.hung
    tap.ok(ran, "%s: U-Boot boots Basalt to a successful end" % name, why + "\n" + r.report())
    return ran


def check_plain(tap, r, log, dt):
    n = "boot.img"
    if not boot_ok(tap, n, r):
        for what in ("console order", "kernel where booti put it", "device tree from U-Boot",
                     "memory map", "devices"):
            tap.ok(False, "%s: %s" % (n, what), "no complete boot (see above)")
        return
    out = r.output
    errs = bc.order_errors(out, [
        ("U-Boot's banner", r"^U-Boot 20\d\d\.\d\d"),
        ("distro boot finding boot.scr", r"^Found U-Boot script /boot\.scr"),
        ("the script running", r"^Basalt: boot script on virtio 0:1"),
        ("booti starting the kernel", r"^Starting kernel \.\.\."),
        ("Basalt's banner", r"^Basalt %s \(" % re.escape(q.version())),
        ("the end", re.escape(bc.stop_marker()))])
    tap.ok(not errs, "%s: console shows U-Boot, boot.scr, Basalt's banner, the end, in order" % n,
           "\n".join(errs))

    m = re.search(r"Moving Image from %s to %s, end=%s" % (HEX, HEX, HEX), out)
    errs = []
    if m is None:
        errs.append("no 'Moving Image from ... to ..., end=...' line from booti")
    else:
        src, dst, end = (int(x, 16) for x in m.groups())
        if not log.ram or dst != log.ram[0][0] + TEXT_OFFSET:
            errs.append("booti moved the Image to 0x%x, not RAM base + 2 MiB" % dst)
        if log.image_addr != dst:
            errs.append("kernel says its image is at %s, booti put it at 0x%x" % (
                hex(log.image_addr) if log.image_addr is not None else "?", dst))
        if log.image_size is None or dst + log.image_size != end:
            errs.append("kernel image size %s, booti's end 0x%x - 0x%x" % (log.image_size, end, dst))
    tap.ok(not errs, "%s: the kernel runs where booti moved it, with the header's size" % n,
           "\n".join(errs))

    m = re.search(r"Using Device Tree in place at %s, end %s" % (HEX, HEX), out)
    errs = []
    if m is None:
        errs.append("no 'Using Device Tree in place at ..., end ...' line from U-Boot")
    else:
        start, last = int(m.group(1), 16), int(m.group(2), 16)
        if log.dtb_addr != start:
            errs.append("kernel's device tree at %s, U-Boot passed 0x%x" % (
                hex(log.dtb_addr) if log.dtb_addr is not None else "?", start))
        if start + (log.dtb_size or 0) > last + 1:
            errs.append("device tree of %s bytes, U-Boot's blob [0x%x, 0x%x]" % (
                log.dtb_size, start, last))
        # The kernel keeps a copy in its boot data: the blob's memory is free.
        blob = (start & ~0xfff, (start + (log.dtb_size or 0) + 0xfff) & ~0xfff)
        if not any(b <= blob[0] and blob[1] <= e for b, e in log.free):
            errs.append("U-Boot's blob %s is not free RAM after the kernel copied it" %
                        q.fmt_range(blob))
    tap.ok(not errs, "%s: the kernel's device tree is the blob U-Boot passed (fdtcontroladdr), "
           "copied, its memory free again" % n, "\n".join(errs))

    errs = bc.map_errors(log, dt, extra_reserved_ok=(bc.OPENSBI_RESV_PREFIX,))
    if not any((x.path or "").startswith(bc.OPENSBI_RESV_PREFIX) for x in log.reserved):
        errs.append("OpenSBI's reservation (mmode_resv*) did not reach the kernel through U-Boot")
    tap.ok(not errs, "%s: memory map = QEMU's RAM minus OpenSBI's, the kernel image and its boot data" % n,
           "\n".join(errs))
    tap.ok(not bc.device_errors(log, dt), "%s: devices are QEMU virt's" % n,
           "\n".join(bc.device_errors(log, dt)))


def check_env(tap, r, log):
    n = "basalt.env"
    if not boot_ok(tap, n, r):
        tap.ok(False, "%s: both boot arguments reach the kernel" % n, "no complete boot")
        return
    errs = bc.order_errors(r.output, [
        ("the script importing basalt.env", r"^Basalt: settings imported from /basalt\.env"),
        ("the script showing the arguments", r"^Basalt: bootargs \[paging=sv39 bootcost")])
    if log.paging != "sv39":
        errs.append("paging %s: paging=sv39 did not arrive" % log.paging)
    if not re.search(r"^boot: \d+ instructions", r.output, re.MULTILINE):
        errs.append("no 'boot: N instructions' line: bootcost did not arrive")
    tap.ok(not errs, "%s: both boot arguments reach the kernel (paging=sv39, bootcost)" % n,
           "\n".join(errs))


def check_fit(tap, r, log, fit_dt):
    n = "FIT"
    if not boot_ok(tap, n, r):
        for what in ("hashes verified", "FIT's load address and tree", "OpenSBI reservation"):
            tap.ok(False, "%s: %s" % (n, what), "no complete boot")
        return
    out = r.output
    hashes = len(re.findall(r"Verifying Hash Integrity \.\.\. sha256\+ OK", out))
    tap.ok(hashes == 2, "%s: U-Boot verified the kernel's and the tree's SHA-256" % n,
           "%d verified hashes in:\n%s" % (hashes, r.tail(60)))
    errs = []
    m = re.search(r"Booting using the fdt blob at %s" % HEX, out)
    if m is None or log.dtb_addr != int(m.group(1), 16):
        errs.append("kernel's tree at %s, U-Boot: %s" % (
            hex(log.dtb_addr) if log.dtb_addr is not None else "?", m and m.group(0)))
    if log.image_addr != 0x80200000:
        errs.append("kernel image at %s, the FIT's load address is 0x80200000" % (
            hex(log.image_addr) if log.image_addr is not None else "?"))
    if log.paging != "sv39":
        errs.append("paging %s: the kernel did not get the FIT's (Sv39) tree" % log.paging)
    tap.ok(not errs, "%s: the kernel runs at the FIT's load address with the FIT's tree" % n,
           "\n".join(errs))
    errs = bc.map_errors(log, fit_dt, extra_reserved_ok=(bc.OPENSBI_RESV_PREFIX,))
    if fit_dt["reserved"]:
        errs.append("qemu-virt-sv39.dtb itself has reservations: this check proves nothing")
    if not any((x.path or "").startswith(bc.OPENSBI_RESV_PREFIX) for x in log.reserved):
        errs.append("no mmode_resv* reservation: U-Boot did not copy OpenSBI's into the FIT's tree")
    tap.ok(not errs, "%s: U-Boot copied OpenSBI's reservation into the FIT's tree; "
           "memory map consistent" % n, "\n".join(errs))


SD_LAYOUT = [  # (start, type GUID, name, legacy-bootable)
    (34, "5B193300-FC78-40CD-8002-E86C45580B47", "spl", False),
    (2082, "2E54B353-1271-4842-806F-E436D6AF6985", "uboot", False),
    (16384, "0FC63DAF-8483-4772-8E79-3D69D8477DE4", "boot", True),
]


def sd_layout_errors(img, fs):
    p = subprocess.run(["sfdisk", "--json", img], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=60, env=dict(os.environ, PATH=os.environ.get("PATH", "") +
                                            ":/usr/sbin:/sbin"))
    if p.returncode != 0:
        return ["sfdisk --json: %s" % p.stderr.decode()]
    pt = json.loads(p.stdout)["partitiontable"]
    got = [(x["start"], x["type"].upper(), x.get("name"), "LegacyBIOSBootable" in x.get("attrs", ""))
           for x in pt.get("partitions", [])]
    errs = [] if pt.get("label") == "gpt" else ["label %s, expected gpt" % pt.get("label")]
    if got != SD_LAYOUT:
        errs.append("partitions %s\nexpected   %s" % (got, SD_LAYOUT))
    else:
        with open(fs, "rb") as f:
            data = f.read()
        with open(img, "rb") as f:
            f.seek(16384 * 512)
            if f.read(len(data)) != data:
                errs.append("partition 3 does not hold bootfs.ext4")
    return errs


def check_sdcard(tap, r, log, layout_errs):
    n = "SD card layout"
    tap.ok(not layout_errs, "%s: GPT with the Unmatched's SPL, U-Boot and bootable boot "
           "partitions" % n, "\n".join(layout_errs))
    if not boot_ok(tap, n, r):
        tap.ok(False, "%s: distro boot picks partition 3" % n, "no complete boot")
        return
    tap.ok(re.search(r"^Basalt: boot script on virtio 0:3", r.output, re.MULTILINE) is not None,
           "%s: distro boot picks the bootable partition 3" % n, r.tail(40))


def main():
    tap = q.Tap()
    disk = os.path.join(bc.board_dir(), "boot.img")
    sv39 = q.build_path("dts", "qemu-virt-sv39.dtb")
    for path in (q.kernel_image(), disk, sv39):
        if not os.path.isfile(path):
            tap.ok(False, "%s exists" % path, "run 'make all'")
            return tap.done()
    if not os.path.isfile(bc.UBOOT_SMODE):
        print("1..0 # SKIP %s is missing (Debian package u-boot-qemu)" % bc.UBOOT_SMODE)
        return 0

    b = bc.board_dir()
    files = {"boot.scr": os.path.join(b, "boot.scr"), "Image": os.path.join(b, "Image")}
    tmps = []
    try:
        if bc.success_bootargs():
            tmp, disk = bc.stage_bootfs(files, "bootargs=%s\n" % bc.with_bootargs([]))
            tmps.append(tmp)
        tmp, env_disk = bc.stage_bootfs(
            files, "bootargs=%s\n" % bc.with_bootargs(["paging=sv39", "bootcost"]))
        tmps.append(tmp)
        fit = os.path.join(tmp, "basalt.itb")
        bc.make_fit(sv39, fit)
        tmp, fit_disk = bc.stage_bootfs(
            {"boot.scr": files["boot.scr"], "basalt.itb": fit},
            "basalt_fdt=fit\n" + ("bootargs=%s\n" % bc.with_bootargs([])
                                  if bc.success_bootargs() else ""))
        tmps.append(tmp)
        sd = os.path.join(tmp, "sdcard.img")
        fs = os.path.join(b, "bootfs.ext4")
        if bc.success_bootargs():
            fs = os.path.join(os.path.dirname(disk), "bootfs.ext4")
        subprocess.run([q.root_path("scripts", "board", "mksdcard.sh"), sd, fs], check=True,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
        dumped = q.dumpdtb("virt", "1G", 2)
        try:
            dt = q.dtinfo_json(dumped)
        finally:
            os.unlink(dumped)
        fit_dt = q.dtinfo_json(sv39)

        with ThreadPoolExecutor(2) as pool:
            plain = pool.submit(run_disk, disk)
            env = pool.submit(run_disk, env_disk)
            fitr = pool.submit(run_disk, fit_disk)
            sdr = pool.submit(run_disk, sd)
            check_plain(tap, *plain.result(), dt)
            check_env(tap, *env.result())
            check_fit(tap, *fitr.result(), fit_dt)
            check_sdcard(tap, *sdr.result(), sd_layout_errors(sd, fs))
    finally:
        for t in tmps:
            shutil.rmtree(t, ignore_errors=True)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
