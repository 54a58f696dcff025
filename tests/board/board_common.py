"""Shared by the board suites (tests/board/suite_*.py): what counts as a
successful boot, the U-Boot command line, boot-partition staging, and the
checks of a printed memory map. Standard library only.

The success condition lives here, in one place. By default every board boot
gets the boot argument "test" (for U-Boot boots, through basalt.env) and
succeeds only when the console shows the in-QEMU suite's "N passed, 0
failed". BASALT_BOARD_BOOT=marker makes a boot succeed at the kernel's end
marker instead (docs/boot-console.md): quicker, for work on the boot path.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
from typing import List, Optional, Sequence, Tuple

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "qemu"))
import basalt_qemu as q  # noqa: E402

MODE = os.environ.get("BASALT_BOARD_BOOT", "suite")   # "marker" or "suite"
SUITE_RESULT = re.compile(r"^(\d+) passed, (\d+) failed", re.MULTILINE)

UBOOT_SMODE = "/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin"
OPENSBI_RESV_PREFIX = "/reserved-memory/mmode_resv"
KERNEL_KINDS = ("kernel image", "kernel data")


# ---------------------------------------------------------------- success

def success_bootargs() -> List[str]:
    """Boot arguments every board boot must carry for MODE."""
    return ["test"] if MODE == "suite" else []


def stop_marker() -> str:
    """The text after which a run is over (q.run's end_marker)."""
    return " passed, " if MODE == "suite" else q.END_MARKER


def boot_succeeded(output: str) -> Tuple[bool, str]:
    """(did the boot succeed, why not) from the whole console output."""
    if MODE == "suite":
        m = SUITE_RESULT.search(output)
        if not m:
            return False, "no 'N passed, N failed' line"
        return m.group(2) == "0", "in-QEMU suite: %s" % m.group(0)
    if q.END_MARKER not in output:
        return False, "no end marker %r" % q.END_MARKER
    if q.PANIC_MARKER in output:
        return False, "KERNEL PANIC"
    return True, ""


def with_bootargs(words: Sequence[str]) -> str:
    return " ".join(list(words) + success_bootargs())


# ---------------------------------------------------------------- U-Boot runs

def board_dir() -> str:
    return q.build_path("board")


def uboot_command(disk: str, mem: str = "1G", smp: int = 2) -> List[str]:
    """QEMU virt: Debian's OpenSBI (fw_jump) runs Debian's S-mode U-Boot as
    its payload, and the disk is a virtio block device U-Boot's distro boot
    scans. The disk is opened read-only so runs can share it."""
    return q.qemu_command(UBOOT_SMODE, "virt", mem, smp, q.FW_JUMP, extra=[
        "-drive", "file=%s,format=raw,if=none,id=hd0,readonly=on" % disk,
        "-device", "virtio-blk-device,drive=hd0"])


def stage_bootfs(files: dict, env: Optional[str] = None) -> Tuple[str, str]:
    """A boot partition made by scripts/board/mkbootpart.sh from `files`
    (name on the partition -> path on the host) and, if given, a basalt.env
    with `env` as its text. Returns (temporary directory, disk image)."""
    tmp = tempfile.mkdtemp(prefix="basalt-board-")
    src = os.path.join(tmp, "bootfs")
    os.mkdir(src)
    for name, path in files.items():
        shutil.copyfile(path, os.path.join(src, name))
    if env is not None:
        with open(os.path.join(src, "basalt.env"), "w") as f:
            f.write(env)
    disk = os.path.join(tmp, "boot.img")
    subprocess.run([q.root_path("scripts", "board", "mkbootpart.sh"), src,
                    os.path.join(tmp, "bootfs.ext4"), disk, "8"],
                   check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
    return tmp, disk


def make_fit(dtb: str, out: str) -> None:
    """scripts/board/basalt.its built as make does, with `dtb` as board.dtb."""
    tmp = tempfile.mkdtemp(prefix="basalt-fit-")
    try:
        shutil.copyfile(q.root_path("scripts", "board", "basalt.its"),
                        os.path.join(tmp, "basalt.its"))
        shutil.copyfile(q.kernel_image(), os.path.join(tmp, "Image"))
        shutil.copyfile(dtb, os.path.join(tmp, "board.dtb"))
        subprocess.run(["mkimage", "-q", "-f", os.path.join(tmp, "basalt.its"), out],
                       check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ---------------------------------------------------------------- checks

def order_errors(output: str, needles: Sequence[Tuple[str, str]]) -> List[str]:
    """Each (what, regex) must appear, each after the previous one."""
    errs, pos = [], 0
    for what, rx in needles:
        m = re.compile(rx, re.MULTILINE).search(output, pos)
        if m is None:
            errs.append("%s (/%s/) not found%s" % (what, rx, " after the previous" if pos else ""))
            continue
        pos = m.end()
    return errs


def map_errors(log: q.BootLog, dt: dict, extra_reserved_ok=()) -> List[str]:
    """The printed memory map against dtinfo's view of the tree the kernel
    was given (dt): RAM equal; every device-tree reservation listed; the
    kernel adds only its image, its boot data right after it (page tables,
    its copy of the device tree, the root task's objects) and what
    `extra_reserved_ok` names by path prefix (OpenSBI's and U-Boot's
    additions to the tree); free = RAM - reserved, page aligned."""
    errs = []
    ram = sorted((b, b + s) for b, s in dt["memory"])
    if log.ram != ram:
        errs.append("RAM %s, dtinfo has %s" % (list(map(q.fmt_range, log.ram)),
                                               list(map(q.fmt_range, ram))))
    got = [(x.base, x.end) for x in log.reserved]
    for x in dt["reserved"]:
        if (x["base"], x["base"] + x["size"]) not in got:
            errs.append("device-tree reservation %s (%s) missing" % (
                q.fmt_range((x["base"], x["base"] + x["size"])), x["reason"]))
    dt_ranges = {(x["base"], x["base"] + x["size"]) for x in dt["reserved"]}
    for x in log.reserved:
        if (x.base, x.end) in dt_ranges or x.kind in KERNEL_KINDS:
            continue
        if x.kind == "reserved-memory" and any((x.path or "").startswith(p)
                                               for p in extra_reserved_ok):
            continue
        errs.append("unexpected reservation %s %s" % (q.fmt_range((x.base, x.end)), x.reason))
    images = [(x.base, x.end) for x in log.reserved if x.kind == "kernel image"]
    data = [(x.base, x.end) for x in log.reserved if x.kind == "kernel data"]
    base, size = log.image_addr, log.image_size
    if base is None or not any(b <= base and base + size <= e for b, e in images):
        errs.append("kernel image at %s not covered by a 'kernel image' reservation" % (
            hex(base) if base is not None else "?"))
    if len(data) != 1 or not images or data[0][0] != images[0][1]:
        errs.append("kernel data %s does not follow the image %s" % (
            list(map(q.fmt_range, data)), list(map(q.fmt_range, images))))
    want = q.expected_free(log.ram, got)
    if log.free != want:
        errs.append("free %s, expected RAM - reserved = %s" % (
            list(map(q.fmt_range, log.free)), list(map(q.fmt_range, want))))
    return errs


def device_errors(log: q.BootLog, dt: dict) -> List[str]:
    """Printed devices against dtinfo's (reserved-memory nodes that firmware
    added are not devices of the board and are ignored)."""
    want = sorted((d["path"], d["base"], d["base"] + d["size"]) for d in dt["devices"])
    got = sorted((d.path, d.base, d.end) for d in log.devices
                 if not d.path.startswith("/reserved-memory/"))
    if got == want:
        return []
    return ["kernel only: %s" % [x for x in got if x not in want],
            "dtinfo only: %s" % [x for x in want if x not in got]]
