#!/usr/bin/env python3
"""Our HiFive Unmatched device tree against the one compiled from Linux (TAP).

dts/hifive-unmatched-a00.dts is written by us. This suite proves that the
kernel's view of it (`dtinfo --json`, the same library code the kernel
runs) is the kernel's view of the DTB compiled from Linux's sources
(tests/dtb/linux-sifive-hifive-unmatched-a00.dtb), on everything the kernel
uses, and that the Linux DTB itself says what PLATFORMS.md says of the board:

  Linux DTB, exactly: memory [0x80000000, 16 GiB), no reservations; hart 0
  without MMU and not usable, harts 1-4 Sv39 and usable; boot paging Sv39;
  console /soc/serial@10010000, a sifive,uart0 (libfdt's fdtget reads the
  compatible list); PLIC sifive,plic-1.0.0 at 0x0c000000 with 69 sources;
  timebase 1 MHz
  ours vs Linux: model, memory, reserved, free, harts (id, mmu, enabled,
  usable), boot hart and paging mode, console (path, compatible, base,
  size), timebase, interrupt controller (path, compatible, base, size,
  sources); devices: every Linux range is ours with the same compatible and
  size, and ours adds exactly one range, the CLINT (Linux leaves it out
  because Linux uses the SBI timer; U-Boot and OpenSBI describe it)
  ours alone: the timer is the CLINT at 0x02000000; dtc compiles the source
  without a warning

Needs build/dts/hifive-unmatched-a00.dtb and build/host/dtinfo (`make all`).
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "qemu"))
import basalt_qemu as q  # noqa: E402

GiB = 1 << 30
OURS_DTS = q.root_path("dts", "hifive-unmatched-a00.dts")
OURS = q.build_path("dts", "hifive-unmatched-a00.dtb")
LINUX_NAME = "linux-sifive-hifive-unmatched-a00.dtb"
CONSOLE_PATH = "/soc/serial@10010000"
# What ours adds to Linux's device list, and why (see the DTS's header).
CLINT = {"path": "/soc/timer@2000000", "compatible": "sifive,fu740-c000-clint",
         "base": 0x02000000, "size": 0x10000}


def linux_dtb():
    d = q.shared_dtb_dir()
    path = os.path.join(d, LINUX_NAME) if d else None
    return path if path and os.path.isfile(path) else None


def fdtget_strings(dtb, node, prop):
    p = subprocess.run(["fdtget", "-t", "s", dtb, node, prop], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=30)
    if p.returncode != 0:
        return None
    return p.stdout.decode().split()


def harts(dt):
    return [(h["id"], h["mmu"], h["enabled"], h["usable"]) for h in dt["harts"]]


def device_set(dt):
    return {(d["path"], d.get("compatible"), d["base"], d["size"]) for d in dt["devices"]}


def fmt_dev(d):
    return "%s [0x%x, +0x%x) %s" % (d[0], d[2], d[3], d[1])


def check_linux(tap, lx, path):
    n = "Linux DTB"
    tap.ok(lx["memory"] == [[0x80000000, 16 * GiB]], "%s: memory is [0x80000000, +16 GiB)" % n,
           "memory: %s" % lx["memory"])
    tap.ok(lx["reserved"] == [], "%s: no reserved ranges" % n, "reserved: %s" % lx["reserved"])
    h = {x["id"]: x for x in lx["harts"]}
    errs = []
    if sorted(h) != [0, 1, 2, 3, 4]:
        errs.append("hart ids %s, expected 0-4" % sorted(h))
    if 0 in h and (h[0]["mmu"] is not None or h[0]["usable"]):
        errs.append("hart 0: mmu %s usable %s, expected no MMU, not usable" % (
            h[0]["mmu"], h[0]["usable"]))
    for i in range(1, 5):
        if i in h and (h[i]["mmu"] != "sv39" or not h[i]["usable"]):
            errs.append("hart %d: mmu %s usable %s, expected sv39, usable" % (
                i, h[i]["mmu"], h[i]["usable"]))
    tap.ok(not errs, "%s: hart 0 has no MMU and is not usable, harts 1-4 are Sv39 and usable" % n,
           "\n".join(errs))
    tap.ok(lx["boot_mmu"] == "sv39", "%s: boot paging mode sv39" % n, "boot_mmu: %s" % lx["boot_mmu"])
    con = lx.get("console") or {}
    compat = fdtget_strings(path, CONSOLE_PATH, "compatible") or []
    tap.ok(con.get("path") == CONSOLE_PATH and con.get("base") == 0x10010000
           and "sifive,uart0" in compat,
           "%s: console is a sifive,uart0 at 0x10010000" % n,
           "dtinfo console: %s\nfdtget compatible: %s" % (con, compat))
    ic = lx.get("intc") or {}
    tap.ok(ic.get("compatible") == "sifive,plic-1.0.0" and ic.get("base") == 0x0c000000
           and ic.get("ndev") == 69,
           "%s: PLIC sifive,plic-1.0.0 at 0x0c000000 with 69 sources" % n, "intc: %s" % ic)
    tap.ok(lx["timebase"] == 1000000, "%s: timebase 1000000 Hz" % n, "timebase: %s" % lx["timebase"])


def check_same(tap, ours, lx):
    def same(key, desc, get=lambda d, k: d.get(k)):
        a, b = get(ours, key), get(lx, key)
        tap.ok(a == b, "ours vs Linux: %s" % desc, "ours:  %s\nLinux: %s" % (a, b))

    same("model", "same model")
    same("memory", "same memory")
    same("reserved", "same reserved ranges")
    same("free", "same free ranges")
    same("harts", "same harts (id, mmu, enabled, usable)", lambda d, k: harts(d))
    same("boot_hart", "same boot hart (first usable)")
    same("boot_mmu", "same boot paging mode")
    same("console", "same console (path, compatible, base, size)")
    same("timebase", "same timebase")
    same("intc", "same interrupt controller (path, compatible, base, size, sources)")

    mine, theirs = device_set(ours), device_set(lx)
    missing = sorted(theirs - mine, key=lambda d: d[2])
    added = sorted(mine - theirs, key=lambda d: d[2])
    want_added = [(CLINT["path"], CLINT["compatible"], CLINT["base"], CLINT["size"])]
    tap.ok(not missing, "ours vs Linux: every Linux device range is in ours (%d)" % len(theirs),
           "missing from ours:\n" + "\n".join(map(fmt_dev, missing)))
    tap.ok(added == want_added, "ours vs Linux: ours adds exactly the CLINT",
           "added:    %s\nexpected: %s" % ("; ".join(map(fmt_dev, added)) or "-",
                                           fmt_dev(want_added[0])))


def check_ours(tap, ours):
    t = ours.get("timer") or {}
    tap.ok(t.get("compatible") == "sifive,clint0" and t.get("base") == CLINT["base"],
           "ours: timer is the CLINT (sifive,clint0) at 0x02000000", "timer: %s" % t)
    p = subprocess.run(["dtc", "-I", "dts", "-O", "dtb", "-o", os.devnull, OURS_DTS],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    err = p.stderr.decode("utf-8", "replace").strip()
    tap.ok(p.returncode == 0 and not err, "ours: dtc compiles %s without warnings" %
           os.path.relpath(OURS_DTS, q.ROOT), err or "dtc exited %d" % p.returncode)


def main():
    tap = q.Tap()
    lx_path = linux_dtb()
    if lx_path is None:
        print("1..0 # SKIP the DTB corpus (%s) is not there" % LINUX_NAME)
        return 0
    if not os.path.isfile(OURS):
        tap.ok(False, "%s exists" % OURS, "run 'make dtbs'")
        return tap.done()
    try:
        lx = q.dtinfo_json(lx_path)
        ours = q.dtinfo_json(OURS)
    except q.QemuError as e:
        tap.ok(False, "dtinfo reads both device trees", str(e))
        return tap.done()
    check_linux(tap, lx, lx_path)
    check_same(tap, ours, lx)
    check_ours(tap, ours)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
