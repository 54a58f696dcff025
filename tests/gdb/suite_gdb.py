#!/usr/bin/env python3
"""GDB against Basalt under QEMU, as a person would use it (TAP output).

Each session starts QEMU halted (stub on a port the OS picks: parallel runs
never collide), runs one gdb-multiarch batch session with Basalt's init file
(scripts/gdb/basalt.gdb), detaches, and lets the boot finish; what GDB saw
is then compared with what the kernel printed and with the ELF (nm):

  sv48 (virt 1G): basalt-attach finds the image in RAM; at the reset vector
    basalt-vm says Bare and basalt-memmap says empty; a breakpoint on
    boot_map_build by name stops at its physical address with the MMU off,
    and its load_pa parameter is the console's image address; kernel_main
    stops at its link address on the bootstrap Sv39 tables, which basalt-vm
    shows (identity map, image); `step` enters hart_local_init (hartid is
    the console's), `finish` and `next` move on in kernel_main, whose
    parameters are the console's hart, DTB and image addresses; at
    boot_report basalt-vm shows the image (text R-X, rodata R, data RW at
    the ELF's addresses), the kernel window (all RAM at the console's
    window base) and the console UART in the device area, identically
    through every physical-access method; basalt-memmap prints exactly the
    console's memory lines; every helper has help; after detach the boot
    completes and QEMU exits 0
  sv39 (paging=sv39, 2 harts), sv57 (dts/qemu-virt-sv57.dts, 2 harts),
    sifive_u (5 harts in two CPU clusters, so two GDB inferiors; boot hart
    1-4): basalt-vm at boot_report in that mode, basalt-memmap vs the
    console, boot completes after basalt-detach
  a wrong load address given to basalt-attach is corrected by the stop
    hook from the page tables
  user programs: ELFs in the build's user/ and in $BASALT_USER_ELFS are
    loaded at their link addresses (none at all is reported as such); the
    root task's main stops in U-mode and basalt-vm shows its user pages
    and the shared kernel half
Sessions run two at a time. suite_gdb_make.py runs `make debug` and
`make gdb` themselves; suite_gdb_units.py tests the helpers' pure code.
"""
# basalt-suite-timeout: 600
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Dict, List

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "qemu"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import basalt_gdb as g  # noqa: E402
from gdb_parse import WHERE, parse_values, parse_vm, parse_where, values  # noqa: E402
import basalt_qemu as q  # noqa: E402
import kernel_syms  # noqa: E402

VBASE = 0xffffffff80000000
TIMEOUT = float(os.environ.get("BASALT_QEMU_TIMEOUT", "60"))
WINDOW_BASE = {"sv39": 0xffffffc000000000, "sv48": 0xffff800000000000,
               "sv57": 0xff00000000000000}

def console_memory_lines(log: q.BootLog) -> List[str]:
    return [x.rstrip() for x in log.lines if x.startswith("memory: ")]


# ---------------------------------------------------------------- sessions

Outcome, attach = g.Outcome, g.attach


def run_session(name: str, steps: Callable[[int], List[dict]], **kwargs) -> Outcome:
    return g.run_session(name, steps, timeout=TIMEOUT, **kwargs)


def main_steps(port: int) -> List[dict]:
    s = g.step
    return [
        attach(port),
        s("reset-vm", "basalt-vm"),
        s("reset-memmap", "basalt-memmap"),
        s("early-break", "break boot_map_build\ncontinue", True),
        s("early-where", WHERE),
        s("early-arg", values("load_pa")),
        s("early-vm", "basalt-vm"),
        s("early-kaddr", values("*(unsigned*)$kaddr(_start)", "$kaddr(&kernel_vm)")),
        s("main-break", "delete\nbreak kernel_main\ncontinue", True),
        s("main-where", WHERE),
        s("main-vm", "basalt-vm"),
        s("step", "step\n" + WHERE),
        s("step-arg", values("hartid", "index")),
        s("finish", "finish\n" + WHERE),
        s("next", "next\nnext\n" + WHERE),
        s("main-args", values("hartid", "dtb_pa", "load_pa")),
        s("report-break", "delete\nbreak boot_report\ncontinue\n" + WHERE, True),
        s("vm", "basalt-vm"),
        s("vm-window", "set basalt-phys-access window\nbasalt-vm\nset basalt-phys-access auto"),
        s("vm-qemu", "set basalt-phys-access qemu\nbasalt-vm\nset basalt-phys-access auto"),
        s("vm-kernel-satp", "basalt-vm kernel_vm.satp"),
        # Sv48 with its root "table" at the UART's registers (0x10000000).
        s("vm-not-ram", "basalt-vm 0x9000000000010000"),
        s("memmap", "basalt-memmap"),
        s("memmap-qemu", "set basalt-phys-access qemu\nbasalt-memmap\nset basalt-phys-access auto"),
        s("help", "basalt-help"),
        s("detach", "delete\nbasalt-detach", True),
    ]


def mode_steps(port: int) -> List[dict]:
    s = g.step
    return [attach(port),
            s("report-break", "break boot_report\ncontinue\n" + WHERE, True),
            s("vm", "basalt-vm"),
            s("memmap", "basalt-memmap"),
            s("detach", "delete\nbasalt-detach", True)]


def wrong_load_steps(port: int, probe: int) -> List[dict]:
    """Attach with a wrong load address; `probe` is boot_map_build's real
    physical address."""
    s = g.step
    return [attach(port, "0x80400000"),
            s("main-break", "break kernel_main\ncontinue\n" + WHERE, True),
            s("symbol", "info symbol 0x%x" % probe),
            s("detach", "delete\nbasalt-detach", True)]


USER_C = """
int user_counter;
void user_entry(void) { for (;;) user_counter++; }
"""


def user_build(tmp: str) -> str:
    """A build directory for GDB whose basalt.elf is the real one and whose
    user/ holds a small RISC-V program linked at 0x10000 (as the build will
    put user programs there); a second program goes in $BASALT_USER_ELFS.
    Returns the directory."""
    build = os.path.join(tmp, "build-user")
    os.makedirs(os.path.join(build, "user"))
    os.symlink(q.build_path("basalt.elf"), os.path.join(build, "basalt.elf"))
    src = os.path.join(tmp, "user.c")
    with open(src, "w") as f:
        f.write(USER_C)
    for out, base in ((os.path.join(build, "user", "hello.elf"), "0x10000"),
                      (os.path.join(tmp, "extra.elf"), "0x400000")):
        subprocess.run(["riscv64-unknown-elf-gcc", "-march=rv64imac_zicsr", "-mabi=lp64", "-g",
                        "-O1", "-nostdlib", "-static", "-Wl,-Ttext=" + base,
                        "-Wl,-e,user_entry", "-o", out, src], check=True)
    return build


def user_steps(port: int) -> List[dict]:
    s = g.step
    return [attach(port),
            s("user-addr", "info address user_entry"),
            s("again", "basalt-user-symbols"),
            s("detach", "basalt-detach", True)]


def umode_steps(port: int) -> List[dict]:
    """Stop in the root task (U-mode) and look at its address space."""
    s = g.step
    return [attach(port),
            s("user-break", "break main\ncontinue\n" + WHERE, True),
            s("vm", "basalt-vm"),
            s("detach", "delete\nbasalt-detach", True)]


# ---------------------------------------------------------------- checks

class Checker:
    def __init__(self, tap: q.Tap, syms: Dict[str, int]):
        self.tap = tap
        self.syms = syms

    def addr(self, name: str) -> int:
        """A symbol's link address, from nm on the host."""
        return self.syms[name]

    def ran(self, o: Outcome, names: List[str], desc: str) -> bool:
        """A check that needs these steps: fails (with the reason) if one of
        them did not succeed."""
        return g.ran(self.tap, o, names, desc)

    def vm_image(self, o: Outcome, step: str, load_pa: int, label: str) -> None:
        desc = "%s: basalt-vm shows the image: text R-X-G, rodata R---G, data+bss RW--G at " \
               "the ELF's addresses, mapped from the load address" % label
        if not self.ran(o, [step], desc):
            return
        _, runs = parse_vm(o.gdb.output(step))
        want = [("image text", "_start", "_etext", "R-X-G"),
                ("image rodata", "_etext", "_erodata", "R---G"),
                ("image data+bss", "_erodata", "_end", "RW--G")]
        errs = []
        for what, start, end, rights in want:
            got = [r for r in runs if r.what == what]
            exp = (self.addr(start), self.addr(end), self.addr(start) - VBASE + load_pa, rights)
            if [(r.va, r.end, r.pa, r.rights) for r in got] != [exp]:
                errs.append("%s: expected [%#x, %#x) -> %#x %s, got %s" % (
                    what, exp[0], exp[1], exp[2], rights, got))
        self.tap.ok(not errs, desc, "\n".join(errs) + "\n" + o.gdb.output(step))

    def vm_window(self, o: Outcome, step: str, mode: str, label: str) -> None:
        desc = "%s: basalt-vm (%s) maps all RAM (but no-map ranges) in the kernel window at " \
               "the console's base, RW--G, and the console UART in the device area" % (label, mode)
        if not self.ran(o, [step], desc):
            return
        head, runs = parse_vm(o.gdb.output(step))
        log = o.log
        errs = []
        if head is None or head.group(2) != mode:
            errs.append("no 'satp ...: %s' header" % mode)
        if log.kernel_window != WINDOW_BASE[mode]:
            errs.append("the console's window %s is not %s's %#x" % (
                log.kernel_window and hex(log.kernel_window), mode, WINDOW_BASE[mode]))
        window = [r for r in runs if r.what == "kernel window"]
        covered = merge([(r.va - WINDOW_BASE[mode], r.end - WINDOW_BASE[mode]) for r in window])
        if any(r.pa != r.va - WINDOW_BASE[mode] for r in window):
            errs.append("a window run does not map window base + physical")
        # All RAM except no-map reservations (docs/architecture.md).
        want = merge(q.page_align_inward(q.subtract(
            log.ram, [(r.base, r.end) for r in log.reserved if r.no_map])))
        if covered != want:
            errs.append("the window maps %s, the console's RAM minus no-map is %s" % (
                [q.fmt_range(x) for x in covered], [q.fmt_range(x) for x in want]))
        if any(r.rights != "RW--G" for r in window):
            errs.append("window rights %s" % sorted({r.rights for r in window}))
        uart = (log.console or {}).get("base")
        if uart is None or not any(r.what == "devices" and r.pa <= uart < r.pa + (r.end - r.va)
                                   and r.rights == "RW--G" for r in runs):
            errs.append("no RW--G device run maps the console UART at %s" % uart)
        self.tap.ok(not errs, desc, "\n".join(errs) + "\n" + o.gdb.output(step))

    def memmap(self, o: Outcome, step: str, label: str, how: str = "") -> None:
        desc = "%s: basalt-memmap%s prints exactly the console's memory lines" % (label, how)
        if not self.ran(o, [step], desc):
            return
        got = [x.rstrip() for x in o.gdb.output(step).splitlines() if x.startswith("memory: ")]
        want = console_memory_lines(o.log)
        diff = [("- " + x) for x in want if x not in got] + [("+ " + x) for x in got if x not in want]
        self.tap.ok(got == want and got, desc,
                    "console (-) vs basalt-memmap (+):\n" + ("\n".join(diff) or "(order differs)"))

    def finished(self, o: Outcome, label: str, must_exit: bool = True) -> None:
        g.finished(self.tap, o, label, must_exit)


def merge(ranges):
    out = []
    for b, e in sorted(ranges):
        if out and out[-1][1] == b:
            out[-1] = (out[-1][0], e)
        else:
            out.append((b, e))
    return out


def check_main(c: Checker, o: Outcome) -> None:
    tap, L = c.tap, "sv48"
    # Every check below fails on its own (c.ran) if the session did not run.
    log = o.log or q.BootLog()
    image = log.image_addr
    gs = o.gdb

    desc = "%s: basalt-attach finds the image in RAM at the console's load address, and " \
           "says which user programs it loaded (none is fine)" % L
    if c.ran(o, ["attach"], desc):
        out = gs.output("attach")
        users = sorted(glob.glob(q.build_path("user", "*.elf")))
        said_users = all("user symbols: %s\n" % u in out for u in users) if users else \
            "user symbols: none" in out
        tap.ok("at 0x%x (physical load address, for early boot: found the image in RAM)"
               % (image or 0) in out and said_users, desc,
               "console: kernel image at %s, user ELFs %s\n%s" % (
                   image and hex(image), users, gs.report("attach")))

    desc = "%s: at the reset vector basalt-vm says Bare and basalt-memmap says empty" % L
    if c.ran(o, ["reset-vm", "reset-memmap"], desc):
        tap.ok("Bare" in gs.output("reset-vm") and "empty" in gs.output("reset-memmap"), desc,
               gs.output("reset-vm") + gs.output("reset-memmap"))

    desc = "%s: break boot_map_build stops at its physical address, MMU off, S-mode" % L
    if c.ran(o, ["early-break", "early-where"], desc):
        w = parse_where(gs.output("early-where"))
        want = c.addr("boot_map_build") - VBASE + (image or 0)
        tap.ok(w and w["pc"] == want and w["func"] == "boot_map_build" and w["satp"] == 0 and
               w["priv"] == 1, desc, "expected pc %#x func boot_map_build satp 0 priv 1, got %s\n%s"
               % (want, w, gs.output("early-break")))

    desc = "%s: boot_map_build's load_pa parameter is the console's kernel image address" % L
    if c.ran(o, ["early-arg"], desc):
        v = parse_values(gs.output("early-arg"))
        tap.ok(image is not None and v.get("load_pa") == image, desc,
               "GDB: %s, console: %s" % (v, image and hex(image)))

    desc = "%s: basalt-vm in early boot says Bare (MMU off)" % L
    if c.ran(o, ["early-vm"], desc):
        tap.ok("Bare" in gs.output("early-vm"), desc, gs.output("early-vm"))

    desc = "%s: with the MMU off, $kaddr() turns link addresses from other files into " \
           "readable ones: _start's first word is the Image's, kernel_vm at load + offset" % L
    if c.ran(o, ["early-kaddr"], desc):
        v = parse_values(gs.output("early-kaddr"))
        with open(q.kernel_image(), "rb") as f:
            first = int.from_bytes(f.read(4), "little")
        want = {"*(unsigned*)$kaddr(_start)": first,
                "$kaddr(&kernel_vm)": c.addr("kernel_vm") - VBASE + (image or 0)}
        tap.ok(v == want, desc, "GDB %s, expected %s" % (v, want))

    desc = "%s: break kernel_main stops at its link address on the bootstrap Sv39 tables" % L
    if c.ran(o, ["main-break", "main-where"], desc):
        w = parse_where(gs.output("main-where"))
        tap.ok(w and w["pc"] == c.addr("kernel_main") and w["func"] == "kernel_main" and
               w["satp"] >> 60 == 8, desc, "expected pc %#x, satp mode 8; got %s"
               % (c.addr("kernel_main"), w))

    desc = "%s: basalt-vm on the bootstrap tables: low 256 GiB identity RWX-G in 1 GiB pages, " \
           "the image at its link address in 2 MiB pages" % L
    if c.ran(o, ["main-vm"], desc):
        head, runs = parse_vm(gs.output("main-vm"))
        ident = [r for r in runs if r.what == "identity map"]
        img = [r for r in runs if r.what in ("kernel image", "image text") and r.va == VBASE]
        tap.ok(head is not None and head.group(2) == "sv39" and
               [(r.va, r.end, r.pa, r.rights, r.page) for r in ident] ==
               [(0, 256 << 30, 0, "RWX-G", "1 GiB")] and len(img) == 1 and
               img[0].pa == image and img[0].page == "2 MiB", desc, gs.output("main-vm"))

    desc = "%s: step from kernel_main enters hart_local_init; its hartid is the console's" % L
    if c.ran(o, ["step", "step-arg"], desc):
        w = parse_where(gs.output("step"))
        v = parse_values(gs.output("step-arg"))
        tap.ok(w and w["func"] == "hart_local_init" and v.get("hartid") == log.boot_hart and
               v.get("index") == 0, desc, "where %s, values %s, console hart %s"
               % (w, v, log.boot_hart))

    desc = "%s: finish returns to kernel_main, next moves on to later lines" % L
    if c.ran(o, ["finish", "next"], desc):
        w1, w2 = parse_where(gs.output("finish")), parse_where(gs.output("next"))
        tap.ok(w1 and w2 and w1["func"] == w2["func"] == "kernel_main" and
               w2["line"] > w1["line"], desc, "after finish %s, after next %s" % (w1, w2))

    desc = "%s: kernel_main's hartid, dtb_pa and load_pa are what the console prints" % L
    if c.ran(o, ["main-args"], desc):
        v = parse_values(gs.output("main-args"))
        want = {"hartid": log.boot_hart, "dtb_pa": log.dtb_addr, "load_pa": image}
        tap.ok(v == want, desc, "GDB %s, console %s" % (v, want))

    desc = "%s: break boot_report stops there with the kernel's Sv48 tables on" % L
    if c.ran(o, ["report-break"], desc):
        w = parse_where(gs.output("report-break"))
        tap.ok(w and w["func"] == "boot_report" and w["satp"] >> 60 == 9, desc, str(w))

    c.vm_image(o, "vm", image or 0, L)
    c.vm_window(o, "vm", "sv48", L)

    desc = "%s: basalt-vm prints the same through the window, through QEMU's physical mode, " \
           "and for basalt-vm kernel_vm.satp" % L
    if c.ran(o, ["vm", "vm-window", "vm-qemu", "vm-kernel-satp"], desc):
        outs = [gs.output(n) for n in ("vm", "vm-window", "vm-qemu", "vm-kernel-satp")]
        tap.ok(all(x == outs[0] for x in outs) and parse_vm(outs[0])[1], desc,
               "\n----\n".join(outs))

    desc = "%s: basalt-vm does not read a root table outside RAM (device registers), " \
           "it reports it" % L
    if c.ran(o, ["vm-not-ram"], desc):
        out = gs.output("vm-not-ram")
        tap.ok("problem: cannot read the table at 0x10000000: not in RAM" in out and
               "0 runs" in out, desc, out)

    c.memmap(o, "memmap", L)
    c.memmap(o, "memmap-qemu", L, " (QEMU physical mode)")

    desc = "%s: basalt-help lists every helper, each with a help text that has a Usage line" % L
    if c.ran(o, ["help"], desc):
        listed = re.findall(r"^  (basalt-\S+)", gs.output("help"), re.M)
        need = {"basalt-attach", "basalt-detach", "basalt-symbols", "basalt-user-symbols",
                "basalt-vm", "basalt-memmap", "basalt-help", "basalt-threads", "basalt-cnode",
                "basalt-untyped", "basalt-vspace", "basalt-fault"}
        texts = {n: help_text(n) for n in listed}
        bad = [n for n, t in texts.items() if "Usage: " + n not in t]
        tap.ok(need <= set(listed) and not bad, desc,
               "listed %s, missing %s, no Usage line: %s" % (listed, need - set(listed), bad))
    c.finished(o, L)


def help_text(name: str) -> str:
    """`help NAME` from a GDB without a target (the help needs none)."""
    p = subprocess.run(g.gdb_argv(["-ex", "help %s" % name]), cwd=q.ROOT, env=g.gdb_env(),
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True, timeout=60)
    return p.stdout


def check_mode(c: Checker, o: Outcome, label: str, mode: str, must_exit: bool = True) -> None:
    desc = "%s: the kernel uses %s and break boot_report stops in it" % (label, mode)
    if c.ran(o, ["report-break"], desc):
        w = parse_where(o.gdb.output("report-break"))
        c.tap.ok(o.log.paging == mode and w and w["func"] == "boot_report", desc,
                 "console paging %s, stop %s" % (o.log.paging, w))
    c.vm_image(o, "vm", (o.log.image_addr if o.log else 0) or 0, label)
    c.vm_window(o, "vm", mode, label)
    c.memmap(o, "memmap", label)
    c.finished(o, label, must_exit)


def check_wrong_load(c: Checker, o: Outcome) -> None:
    L = "wrong load address"
    desc = "%s: basalt-attach 0x80400000 is corrected at the first stop with paging on " \
           "(kernel_main); the physical copy then names boot_map_build at its real address" % L
    if c.ran(o, ["attach", "main-break", "symbol"], desc):
        image = o.log.image_addr or 0
        out = o.gdb.output("main-break")
        tap_ok = ("physical symbols moved there" in out and "0x%x" % image in out and
                  o.gdb.output("symbol").startswith("boot_map_build in section .text"))
        c.tap.ok(tap_ok, desc, out + o.gdb.output("symbol"))
    c.finished(o, L)


def check_umode(c: Checker, o: Outcome, root_elf: str) -> None:
    L = "root task (U-mode)"
    desc = "%s: break main (root task's symbols, loaded from build/user) stops in U-mode; " \
           "basalt-vm shows its user pages (U set) and the shared kernel half" % L
    if c.ran(o, ["user-break", "vm"], desc):
        w = parse_where(o.gdb.output("user-break"))
        _, runs = parse_vm(o.gdb.output("vm"))
        main_at = kernel_syms.symbols(root_elf)["main"]
        user = [r for r in runs if r.what == "user half"]
        errs = []
        if not w or w["pc"] != main_at or w["priv"] != 0:
            errs.append("stop %s, expected pc %#x in U-mode (priv 0)" % (w, main_at))
        if not user or any("U" not in r.rights or "G" in r.rights for r in user):
            errs.append("user runs %s: each must have U and not G" % user)
        if not any(r.va <= main_at < r.end and "X" in r.rights for r in user):
            errs.append("no executable user run holds main at %#x" % main_at)
        for what, rights in (("kernel window", "RW--G"), ("image text", "R-X-G")):
            if not any(r.what == what and r.rights == rights for r in runs):
                errs.append("no %s run with %s" % (what, rights))
        c.tap.ok(not errs, desc, "\n".join(errs) + "\n" + o.gdb.output("vm"))
    c.finished(o, L)


def check_user(c: Checker, o: Outcome, build: str, extra: str) -> None:
    L = "user symbols"
    desc = "%s: basalt-attach loads build/user/*.elf and $BASALT_USER_ELFS at their link " \
           "addresses; basalt-user-symbols keeps unchanged files" % L
    if c.ran(o, ["attach", "user-addr", "again"], desc):
        hello = os.path.join(build, "user", "hello.elf")
        want = kernel_syms.symbols(hello)["user_entry"]
        out = o.gdb.output("attach")
        ok = ("user symbols: %s\n" % hello in out and "user symbols: %s\n" % extra in out and
              "is a function at address 0x%x" % want in o.gdb.output("user-addr") and
              "%s (already loaded)" % hello in o.gdb.output("again"))
        c.tap.ok(ok, desc, "user_entry should be at %#x\n%s%s%s" % (
            want, out, o.gdb.output("user-addr"), o.gdb.output("again")))
    c.finished(o, L)


# ---------------------------------------------------------------- main

def main() -> int:
    tap = q.Tap()
    elf = q.build_path("basalt.elf")
    for path in (elf, q.kernel_image()):
        if not os.path.isfile(path):
            tap.ok(False, "%s exists" % path, "run 'make kernel'")
            return tap.done()
    try:
        subprocess.run([g.GDB, "--version"], stdout=subprocess.DEVNULL, check=True)
    except (OSError, subprocess.CalledProcessError):
        tap.ok(False, "%s runs" % g.GDB, "install it: make deps (Debian package gdb-multiarch)")
        return tap.done()
    syms = kernel_syms.symbols(elf)
    c = Checker(tap, syms)
    bmb_phys = syms["boot_map_build"] - VBASE + 0x80200000

    root_elf = q.build_path("user", "root.elf")
    tmp = tempfile.mkdtemp(prefix="basalt-gdb-")
    try:
        def prepared(make, *args):
            """A session's input, or the reason it cannot be made."""
            try:
                return make(*args), None
            except (OSError, subprocess.CalledProcessError) as e:
                return None, "could not prepare the session: %s" % e

        def failed(name, why):
            return lambda: Outcome(name, error=why)

        dtb57 = q.build_path("dts", "qemu-virt-sv57.dtb")
        why57 = None if os.path.isfile(dtb57) else "no %s: run 'make dtbs'" % dtb57
        ubuild, whyu = prepared(user_build, tmp)
        uextra = os.path.join(tmp, "extra.elf")
        uenv = dict(g.gdb_env(), BASALT_BUILD=ubuild or "", BASALT_USER_ELFS=uextra)
        jobs = [
            ("sv48", lambda: run_session("sv48", main_steps)),
            ("sv39", lambda: run_session("sv39", mode_steps, smp=2, append="paging=sv39")),
            ("sv57", failed("sv57", why57) if why57 else
             lambda: run_session("sv57", mode_steps, smp=2, dtb=dtb57)),
            ("sifive_u", lambda: run_session("sifive_u", mode_steps, must_exit=False,
                                             machine="sifive_u", smp=5)),
            ("wrong", lambda: run_session("wrong", lambda p: wrong_load_steps(p, bmb_phys))),
            ("user", failed("user", whyu) if whyu else
             lambda: run_session("user", user_steps, gdb_env=uenv)),
            ("umode", failed("umode", "no %s: the build has no root task" % root_elf)
             if not os.path.isfile(root_elf) else lambda: run_session("umode", umode_steps)),
        ]
        with ThreadPoolExecutor(max_workers=2) as pool:
            futures = [(name, pool.submit(job)) for name, job in jobs]
            for name, f in futures:
                o = f.result()
                if name == "sv48":
                    check_main(c, o)
                elif name in ("sv39", "sv57"):
                    check_mode(c, o, "%s (virt)" % name, name)
                elif name == "sifive_u":
                    check_mode(c, o, "sifive_u smp5", "sv48", must_exit=False)
                elif name == "wrong":
                    check_wrong_load(c, o)
                elif name == "umode":
                    check_umode(c, o, root_elf)
                else:
                    check_user(c, o, ubuild, uextra)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
