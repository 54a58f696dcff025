#!/usr/bin/env python3
"""Boot tests: build/Image under QEMU with Debian's OpenSBI (TAP output).

Each case boots the kernel once and checks what it printed (the contract in
docs/boot-console.md) against what `dtinfo --json` derives from the same
machine's device tree (QEMU's dumpdtb, or the -dtb file given):

  virt, -m 128M/1G/4G x -smp 1/4, 16G -smp 4, and fw_dynamic instead of
  fw_jump: boots to the end marker and QEMU exits 0 (these boots carry the
  boot argument "noshell": the root task shows its demo and powers off
  instead of serving the console shell);
  banner, boot hart, paging sv48; RAM; device-tree reservations; the
  kernel's own reservations (only OpenSBI's mmode_resv*, kernel image,
  device tree, kernel page tables); free = RAM - reserved, 4 KiB aligned;
  devices; harts; console; line shapes
  sv39: -dtb build/dts/qemu-virt-sv39.dtb, and -append "paging=sv39"
  device trees the kernel boots on with a remark (variants of the Sv39
  tree): no timebase-frequency ("tick: none (...)"), a device's registers
  inside RAM ("boot: warning: device ...", reserved as "device PATH", not
  untyped), a PLIC claiming 5000 sources (boots without user-level
  interrupts), with the same checks against dtinfo; every other boot prints
  no "boot: warning:" line, and warned devices are exactly dtinfo's
  "device" reservations
  crash=fault / crash=assert: KERNEL PANIC report, QEMU exits non-zero; the
  backtrace names the crashing function (boot_crash_selftest, or panic
  called from it), then kernel_main, and every frame's name+offset/size
  agrees with the ELF's symbols (nm on the host)
  device trees the kernel must refuse (OpenSBI itself accepts them):
  "boot: board unusable:" / "boot: device tree rejected:", the same reason
  dtinfo gives, QEMU exits non-zero
  sifive_u -smp 5, and again with -append "paging=sv39" (the FU540/FU740
  cores' only mode): boots on one of the U54 harts 1-4, hart 0 (E51, no
  MMU) not usable, console sifive,uart0, same map checks (QEMU's sifive_u
  has no power-off device, so the test stops QEMU after the end marker)

Boots run two at a time; each has a hard time limit ($BASALT_QEMU_TIMEOUT,
default 30 s here) and a hang fails loudly with the last lines of output.
"""
# basalt-suite-timeout: 600
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Dict, List, Optional

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "qemu"))
import basalt_qemu as q  # noqa: E402
import kernel_syms  # noqa: E402

WORKERS = 2
# Seconds per QEMU run: a boot takes well under a second under TCG, so even a
# loaded machine stays far below this, and a kernel that hangs on every case
# still ends the suite in minutes.
RUN_TIMEOUT = float(os.environ.get("BASALT_QEMU_TIMEOUT", "30"))
# Reservations the kernel may add to the device tree's own: the ones OpenSBI
# adds to the tree it hands over (not in QEMU's dumpdtb) and the kernel's.
OPENSBI_RESV_PREFIX = "/reserved-memory/mmode_resv"
KERNEL_KINDS = ("kernel image", "kernel data")
REGISTERS = ["ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1"] + \
    ["a%d" % i for i in range(8)] + ["s%d" % i for i in range(2, 12)] + \
    ["t3", "t4", "t5", "t6"]
REJECT_PREFIXES = ("device tree rejected: ", "board unusable: ")


@dataclass
class Case:
    name: str
    kind: str                                   # boot / panic / reject
    qemu: Dict = field(default_factory=dict)    # machine, mem, smp, bios, dtb, append
    dt: Optional[Dict] = None                   # {"dump": (machine, mem, smp)} or {"file": path}
    paging: Optional[str] = None                # expected paging mode
    boot_harts: Optional[List[int]] = None      # allowed boot harts (None: any usable)
    console: Optional[str] = None               # expected console compatible
    must_exit: bool = True                      # QEMU powers off by itself
    exit_status_known: bool = True              # reject: kernel can report failure
    hart_allowances: Dict = field(default_factory=dict)  # id -> extra accepted states
    needs: List[str] = field(default_factory=list)       # files that must exist
    expect: List[str] = field(default_factory=list)      # regexes of lines it must print
    warned: List[str] = field(default_factory=list)      # devices inside RAM it warns about


def cases() -> List[Case]:
    out = []
    dts = q.build_path("dts")
    for mem in ("128M", "1G", "4G"):
        for smp in (1, 4):
            out.append(Case("virt %s smp%d" % (mem, smp), "boot",
                            dict(mem=mem, smp=smp), {"dump": ("virt", mem, smp)},
                            paging="sv48", boot_harts=[0] if smp == 1 else None))
    out.append(Case("virt 16G smp4", "boot", dict(mem="16G", smp=4),
                    {"dump": ("virt", "16G", 4)}, paging="sv48"))
    out.append(Case("virt 1G smp2 fw_dynamic", "boot", dict(mem="1G", smp=2, bios=q.FW_DYNAMIC),
                    {"dump": ("virt", "1G", 2)}, paging="sv48", needs=[q.FW_DYNAMIC]))
    sv39 = os.path.join(dts, "qemu-virt-sv39.dtb")
    out.append(Case("virt 1G smp2 -dtb qemu-virt-sv39.dtb", "boot",
                    dict(mem="1G", smp=2, dtb=sv39), {"file": sv39}, paging="sv39", needs=[sv39]))
    out.append(Case("virt 1G smp2 paging=sv39", "boot", dict(mem="1G", smp=2, append="paging=sv39"),
                    {"dump": ("virt", "1G", 2)}, paging="sv39"))
    for what in ("fault", "assert"):
        out.append(Case("virt 1G smp1 crash=%s" % what, "panic",
                        dict(mem="1G", smp=1, append="crash=%s" % what)))
    nommu = os.path.join(dts, "qemu-virt-nommu.dtb")
    out.append(Case("reject qemu-virt-nommu.dtb", "reject", dict(mem="1G", smp=2, dtb=nommu),
                    {"file": nommu}, needs=[nommu]))
    # One hart on QEMU's side: OpenSBI would leave a second one without an id.
    twice = os.path.join(dts, "qemu-virt-hart-twice.dtb")
    out.append(Case("reject qemu-virt-hart-twice.dtb", "reject", dict(mem="1G", smp=1, dtb=twice),
                    {"file": twice}, needs=[twice]))
    notb = os.path.join(dts, "qemu-virt-no-timebase.dtb")
    out.append(Case("virt 1G smp2 -dtb qemu-virt-no-timebase.dtb", "boot",
                    dict(mem="1G", smp=2, dtb=notb), {"file": notb}, paging="sv39", needs=[notb],
                    expect=[r"tick: none \(no timebase-frequency, or 0\): threads are not preempted",
                            r"timebase: 0 Hz", r"timer: none"]))
    inram = os.path.join(dts, "qemu-virt-device-in-ram.dtb")
    out.append(Case("virt 1G smp2 -dtb qemu-virt-device-in-ram.dtb", "boot",
                    dict(mem="1G", smp=2, dtb=inram), {"file": inram}, paging="sv39", needs=[inram],
                    expect=[r"memory: reserved \[0x0000000090000000, 0x0000000090002000\) 8 KiB "
                            r"device /soc/sram@90000000", r"tick: \d+ us via .+"],
                    warned=["/soc/sram@90000000"]))
    plic = os.path.join(dts, "qemu-virt-plic-sources.dtb")
    out.append(Case("virt 1G smp2 -dtb qemu-virt-plic-sources.dtb", "boot",
                    dict(mem="1G", smp=2, dtb=plic), {"file": plic}, paging="sv39", needs=[plic],
                    expect=[r"irq: riscv,plic0 says 5000 sources, a PLIC has at most 1023: "
                            r"no user-level interrupts"]))
    shared = q.shared_dtb_dir()
    # Shared blobs OpenSBI 1.1 boots with (others make QEMU or OpenSBI fail
    # before the kernel runs: bad-cpu-no-reg, bad-no-chosen, most broken-*).
    for blob, smp, known in (("qemu-virt-1g-smp1-nommu.dtb", 1, True),
                             ("bad-no-memory-node.dtb", 4, True),
                             ("bad-memory-overlap.dtb", 4, True),
                             ("bad-memory-reg-not-multiple.dtb", 4, True),
                             ("broken-string-offset-out-of-range.dtb", 4, False)):
        path = os.path.join(shared, blob) if shared else os.path.join("tests", "dtb", blob)
        out.append(Case("reject %s" % blob, "reject", dict(mem="1G", smp=smp, dtb=path),
                        {"file": path}, exit_status_known=known, needs=[path]))
    out.append(Case("sifive_u 1G smp5", "boot", dict(machine="sifive_u", mem="1G", smp=5),
                    {"dump": ("sifive_u", "1G", 5)}, boot_harts=[1, 2, 3, 4],
                    paging="sv48", console="sifive,uart0", must_exit=False,
                    hart_allowances={0: ("unusable", "disabled")}))
    # The FU540/FU740's U54/U74 cores are Sv39-only; QEMU's say Sv48.
    out.append(Case("sifive_u 1G smp5 paging=sv39", "boot",
                    dict(machine="sifive_u", mem="1G", smp=5, append="paging=sv39"),
                    {"dump": ("sifive_u", "1G", 5)}, boot_harts=[1, 2, 3, 4],
                    paging="sv39", console="sifive,uart0", must_exit=False,
                    hart_allowances={0: ("unusable", "disabled")}))
    return out


@dataclass
class Outcome:
    case: Case
    result: Optional[q.RunResult] = None
    log: Optional[q.BootLog] = None
    error: Optional[str] = None         # the boot itself could not be judged
    dt: Optional[dict] = None           # dtinfo JSON (accepted trees)
    dt_rc: Optional[int] = None
    dt_err: str = ""
    dt_error: Optional[str] = None      # dtinfo could not be run
    untyped_dt: Optional[list] = None   # dtinfo's untyped for what the kernel saw
    missing: Optional[str] = None


def execute(case: Case) -> Outcome:
    o = Outcome(case)
    for path in [q.kernel_image()] + case.needs:
        if not os.path.isfile(path):
            o.missing = path
            return o
    args = dict(case.qemu, timeout=RUN_TIMEOUT)
    if case.kind == "boot" and case.must_exit:
        # Without it the root task ends in the console shell and waits.
        args["append"] = " ".join(w for w in (args.get("append"), "noshell") if w)
    if not case.must_exit:
        args["exit_grace"] = 3.0
    if case.kind != "boot":
        args["end_marker"] = None if case.kind == "panic" else q.END_MARKER
    try:
        o.result = q.run(q.kernel_image(), **args)
        o.log = q.parse_console(o.result.output)
    except OSError as e:
        o.error = "could not start QEMU: %s" % e
    if case.dt is not None:
        dtb = None
        try:
            if "dump" in case.dt:
                machine, mem, smp = case.dt["dump"]
                dtb = q.dumpdtb(machine, mem, smp)
            else:
                dtb = case.dt["file"]
            o.dt_rc, o.dt, o.dt_err = q.dtinfo(dtb)
            if o.dt is not None and o.log is not None and case.kind == "boot":
                o.untyped_dt = kernel_view_untyped(dtb, o.log)
        except (q.QemuError, OSError) as e:
            o.dt_error = str(e)
        finally:
            if dtb and "dump" in case.dt:
                os.unlink(dtb)
    return o


def kernel_view_untyped(dtb: str, log: q.BootLog):
    """dtinfo's untyped list for the device tree the kernel really got: the
    blob plus the reservations the firmware added (the kernel's log names
    them), with the kernel's footprint (image + boot data) as its size.
    None if the log lacks what is needed."""
    images = [x for x in log.reserved if x.kind == "kernel image"]
    data = [x for x in log.reserved if x.kind == "kernel data"]
    if not images:
        return None
    footprint = (data[0].end if data else images[0].end) - images[0].base
    added = [(x.path, x.base, x.end - x.base) for x in log.reserved
             if x.kind == "reserved-memory" and (x.path or "").startswith(OPENSBI_RESV_PREFIX)]
    patched = q.dtb_with_reservations(dtb, added) if added else dtb
    try:
        rc, data_json, err = q.dtinfo(patched, extra_args=["--kernel-size", str(footprint)])
    finally:
        if patched != dtb:
            os.unlink(patched)
    if rc != 0 or data_json is None:
        raise q.QemuError("dtinfo --kernel-size %d failed (%d): %s" % (footprint, rc, err))
    return [(u["base"], u["size_bits"], u["device"]) for u in data_json["untyped"]]


# ---------------------------------------------------------------- checks

def norm_mmu(m) -> str:
    return "none" if m in (None, "", "none", "riscv,none") else str(m).replace("riscv,", "")


def check_boot(tap: q.Tap, o: Outcome) -> None:
    c, r, log = o.case, o.result, o.log
    n = c.name
    ran = r is not None and not r.hung and not r.panic and r.marker_seen
    if c.must_exit:
        tap.ok(ran and r.exited and r.returncode == 0,
               "%s: boots to the end marker, QEMU exits with status 0" % n,
               o.error or (r.report() if not r.panic else r.status() + "\n" + r.panic_report()))
    else:
        tap.ok(ran and (not r.exited or r.returncode == 0),
               "%s: boots to the end marker (no power-off device here: the test stops QEMU)" % n,
               o.error or (r.report() if not r.panic else r.status() + "\n" + r.panic_report()))
    if not ran:
        why = "no complete boot log (see the test above)"
        for what in ("banner, boot hart, paging", "RAM", "device-tree reservations",
                     "kernel reservations", "free ranges", "untyped", "untyped tile", "devices",
                     "harts", "console", "line shapes"):
            tap.ok(False, "%s: %s" % (n, what), why)
        return

    version = q.version()
    errs = []
    if log.version != version or not (log.banner or "").startswith("Basalt "):
        errs.append("banner %r does not name Basalt %s" % (log.banner, version))
    boots = [h.id for h in log.harts if h.state == "boot"]
    if log.boot_hart is None:
        errs.append("no 'boot: hart N, device tree at ...' line")
    elif boots != [log.boot_hart]:
        errs.append("boot hart %s but hart lines mark %s as boot" % (log.boot_hart, boots))
    if c.boot_harts is not None and log.boot_hart not in c.boot_harts:
        errs.append("booted on hart %s, expected one of %s" % (log.boot_hart, c.boot_harts))
    if log.paging != c.paging:
        errs.append("paging %r, expected %r" % (log.paging, c.paging))
    tap.ok(not errs, "%s: banner names Basalt %s, boot hart %s, paging %s" % (
        n, version, log.boot_hart, c.paging), "\n".join(errs))

    if o.dt is None:
        why = o.dt_error or "dtinfo exited %s: %s" % (o.dt_rc, o.dt_err)
        for what in ("RAM", "device-tree reservations", "kernel reservations", "free ranges",
                     "untyped", "untyped tile", "devices", "harts", "console"):
            tap.ok(False, "%s: %s vs dtinfo" % (n, what), why)
    else:
        check_map(tap, o)
        check_untyped(tap, o)
        check_devices(tap, o)
        check_harts(tap, o)
        check_console(tap, o)
    tap.ok(not log.malformed, "%s: every contract line has its documented shape" % n,
           "malformed:\n" + "\n".join(log.malformed))
    check_remarks(tap, o)


WARNING = re.compile(r"^boot: warning: device (\S+) has registers inside RAM, "
                     r"\[(0x[0-9a-f]+), (0x[0-9a-f]+)\): reserved, neither free RAM nor "
                     r"device memory$")


def check_remarks(tap: q.Tap, o: Outcome) -> None:
    """The lines the case expects, and warnings for devices inside RAM:
    the case's, and dtinfo's "device" reservations, no others."""
    c, log = o.case, o.log
    missing = [x for x in c.expect if not any(re.fullmatch(x, line) for line in log.lines)]
    if c.expect:
        tap.ok(not missing, "%s: prints %s" % (c.name, ", ".join(c.expect)),
               "missing: %s" % missing)
    warned = sorted(m.group(1) for m in map(WARNING.match, log.lines) if m)
    others = [line for line in log.lines if line.startswith("boot: warning:")
              and not WARNING.match(line)]
    errs = []
    if warned != sorted(c.warned) or others:
        errs.append("warned about %s, expected %s%s" % (warned, sorted(c.warned),
                    "; other warnings: %s" % others if others else ""))
    if o.dt is not None:
        dt_devices = sorted(x["path"] for x in o.dt["reserved"] if x["reason"] == "device")
        if dt_devices != warned:
            errs.append("dtinfo reserves devices %s" % dt_devices)
    tap.ok(not errs, "%s: boot warnings name exactly the devices inside RAM (%s)" % (
        c.name, ", ".join(c.warned) or "none"), "\n".join(errs))


def check_map(tap: q.Tap, o: Outcome) -> None:
    n, log, dt = o.case.name, o.log, o.dt
    ram = sorted((b, b + s) for b, s in dt["memory"])
    tap.ok(log.ram == ram, "%s: RAM ranges equal dtinfo's memory" % n,
           "kernel:  %s\ndtinfo:  %s" % (", ".join(map(q.fmt_range, log.ram)),
                                         ", ".join(map(q.fmt_range, ram))))

    kernel = [(x.base, x.end) for x in log.reserved]
    missing = [x for x in dt["reserved"] if (x["base"], x["base"] + x["size"]) not in kernel]
    tap.ok(not missing, "%s: every device-tree reservation is in the kernel's reserved list" % n,
           "missing from the kernel's list:\n" + "\n".join(
               "%s %s" % (q.fmt_range((x["base"], x["base"] + x["size"])), x["reason"])
               for x in missing))

    dt_ranges = {(x["base"], x["base"] + x["size"]) for x in dt["reserved"]}
    errs = []
    for x in log.reserved:
        if (x.base, x.end) in dt_ranges:
            if x.kind not in ("memreserve", "reserved-memory", "device"):
                errs.append("%s is a device-tree reservation but says %r" % (
                    q.fmt_range((x.base, x.end)), x.reason))
            continue
        if x.kind == "reserved-memory" and (x.path or "").startswith(OPENSBI_RESV_PREFIX):
            continue
        if x.kind not in KERNEL_KINDS:
            errs.append("unexpected reservation %s %s" % (q.fmt_range((x.base, x.end)), x.reason))
    images = [(x.base, x.end) for x in log.reserved if x.kind == "kernel image"]
    data = [(x.base, x.end) for x in log.reserved if x.kind == "kernel data"]
    if log.image_addr is None:
        errs.append("no boot: line giving the kernel image's address")
    elif not any(b <= log.image_addr and log.image_addr + log.image_size <= e for b, e in images):
        errs.append("kernel image at 0x%x (+0x%x) not covered by a 'kernel image' reservation"
                    % (log.image_addr, log.image_size))
    # The kernel's boot data (its page tables, device tree copy, the root
    # task's objects) follows the image: one footprint.
    if len(data) != 1 or not images or data[0][0] != images[0][1]:
        errs.append("kernel data %s does not start where the image %s ends" % (
            ", ".join(map(q.fmt_range, data)) or "missing",
            ", ".join(map(q.fmt_range, images)) or "missing"))
    tap.ok(not errs, "%s: the kernel adds only OpenSBI's mmode_resv*, its image and its "
           "boot data right after it" % n, "\n".join(errs))

    want = q.expected_free(log.ram, kernel)
    extra = [r for r in log.free if r not in want]
    lost = [r for r in want if r not in log.free]
    aligned = all(b % q.PAGE == 0 and e % q.PAGE == 0 for b, e in log.free)
    tap.ok(log.free == want and aligned,
           "%s: free ranges == RAM minus every reserved range, 4 KiB aligned" % n,
           "printed but not expected: %s\nexpected but not printed: %s" % (
               ", ".join(map(q.fmt_range, extra)) or "-", ", ".join(map(q.fmt_range, lost)) or "-"))


def check_untyped(tap: q.Tap, o: Outcome) -> None:
    n, log = o.case.name, o.log
    want = o.untyped_dt
    got = log.untyped
    ok = want is not None and got == want
    diff = ""
    if want is not None and not ok:
        diff = "kernel only: %s\ndtinfo only: %s" % (
            [("0x%x" % b, s, d) for b, s, d in got if (b, s, d) not in want][:10],
            [("0x%x" % b, s, d) for b, s, d in want if (b, s, d) not in got][:10])
    tap.ok(ok, "%s: untyped caps equal dtinfo's for the same tree and footprint (%d)" % (
        n, len(got)), diff or "dtinfo gave no untyped list")
    # And they cover exactly the free RAM the kernel reports.
    ram = sorted((b, b + (1 << s)) for b, s, d in got if not d)
    merged = []
    for b, e in ram:
        if merged and merged[-1][1] == b:
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((b, e))
    tap.ok(merged == log.free, "%s: RAM untyped tile the free ranges exactly" % n,
           "untyped: %s\nfree: %s" % (", ".join(map(q.fmt_range, merged)),
                                     ", ".join(map(q.fmt_range, log.free))))


def check_devices(tap: q.Tap, o: Outcome) -> None:
    n, log, dt = o.case.name, o.log, o.dt
    want = sorted((d["path"], d["base"], d["base"] + d["size"], d.get("compatible") or "-")
                  for d in dt["devices"])
    got = sorted((d.path, d.base, d.end, d.compatible) for d in log.devices
                 if not (d.path.startswith(OPENSBI_RESV_PREFIX)
                         and (d.path, d.base, d.end, d.compatible) not in want))
    fmt = lambda d: "%s %s %s" % (q.fmt_range((d[1], d[2])), d[3], d[0])  # noqa: E731
    tap.ok(got == want, "%s: devices equal dtinfo's devices (%d)" % (n, len(want)),
           "kernel only:\n%s\ndtinfo only:\n%s" % (
               "\n".join(fmt(d) for d in got if d not in want) or "-",
               "\n".join(fmt(d) for d in want if d not in got) or "-"))


def check_harts(tap: q.Tap, o: Outcome) -> None:
    c, log, dt = o.case, o.log, o.dt
    errs = []
    got = {h.id: h for h in log.harts}
    if [h.id for h in log.harts] != [h["id"] for h in dt["harts"]]:
        errs.append("hart ids %s, dtinfo has %s" % ([h.id for h in log.harts],
                                                    [h["id"] for h in dt["harts"]]))
    for h in dt["harts"]:
        k = got.get(h["id"])
        if k is None:
            continue
        if k.mmu != norm_mmu(h["mmu"]):
            errs.append("hart %d: mmu %s, dtinfo says %s" % (h["id"], k.mmu, norm_mmu(h["mmu"])))
        if not h["enabled"]:
            want = ("disabled",)
        elif not h["usable"]:
            want = ("unusable",)
        else:
            want = ("boot",) if h["id"] == log.boot_hart else ("parked",)
        want = tuple(want) + tuple(c.hart_allowances.get(h["id"], ()))
        if k.state not in want:
            errs.append("hart %d: %s, expected %s" % (h["id"], k.state, " or ".join(want)))
    tap.ok(not errs, "%s: hart lines match dtinfo's harts" % c.name, "\n".join(errs))


def check_console(tap: q.Tap, o: Outcome) -> None:
    c, log, dt = o.case, o.log, o.dt
    con = dt.get("console")
    errs = []
    if con is None:
        if log.console and "raw" not in log.console:
            errs.append("kernel names console %s, dtinfo has none" % log.console)
    else:
        want = {"compatible": con.get("compatible") or "-", "base": con["base"],
                "path": con["path"]}
        if log.console != want:
            errs.append("kernel: %s\ndtinfo: %s" % (log.console, want))
    if c.console and (log.console or {}).get("compatible") != c.console:
        errs.append("console %s, expected %s" % (log.console, c.console))
    tap.ok(not errs, "%s: console matches dtinfo's%s" % (
        c.name, " (%s)" % c.console if c.console else ""), "\n".join(errs))


def check_panic(tap: q.Tap, o: Outcome) -> None:
    n, r = o.case.name, o.result
    if r is None:
        tap.ok(False, "%s: KERNEL PANIC report" % n, o.error)
        tap.ok(False, "%s: QEMU exits by itself with a non-zero status" % n, o.error)
        return
    report = r.panic_report(200)
    errs = []
    if not r.panic:
        errs.append("no KERNEL PANIC line")
    else:
        low = report.lower()
        for word in ("cause", "sepc", "stval"):
            if word not in low:
                errs.append("no %s in the report" % word)
        if "assert" in n and "assert" not in low:
            errs.append("the report does not say an assertion failed")
        missing = [reg for i, reg in enumerate(REGISTERS, 1)
                   if not re.search(r"\b(%s|x%d)\s*[=:]\s*(0x)?[0-9a-fA-F]{8,16}\b" % (
                       "s0|fp" if reg == "s0" else reg, i), report)]
        if missing:
            errs.append("registers missing: %s" % " ".join(missing))
    if q.END_MARKER in r.output:
        errs.append("the boot completed after the panic")
    tap.ok(not errs, "%s: KERNEL PANIC report with cause, sepc, stval and all registers" % n,
           "\n".join(errs) + "\n" + r.report(40))
    tap.ok(r.exited and r.returncode not in (0, None),
           "%s: QEMU exits by itself with a non-zero status" % n, r.report(10))
    check_backtrace(tap, o, report)


# The functions each crash self-test must name, innermost first.
BACKTRACE_CHAIN = {"fault": ["boot_crash_selftest", "kernel_main"],
                   "assert": ["panic", "boot_crash_selftest", "kernel_main"]}


def check_backtrace(tap: q.Tap, o: Outcome, report: str) -> None:
    n = o.case.name
    chain = BACKTRACE_CHAIN["assert" if "assert" in n else "fault"]
    desc = "%s: backtrace names %s, each frame as the ELF's symbols say" % (n, " <- ".join(chain))
    frames = kernel_syms.parse_backtrace(report)
    errs = []
    try:
        fns = kernel_syms.functions(q.build_path("basalt.elf"))
    except (OSError, subprocess.CalledProcessError) as e:
        tap.ok(False, desc, "cannot read the kernel's symbols: %s" % e)
        return
    names = [f.name for f in frames]
    if not frames:
        errs.append("no 'backtrace:' block with '#N 0xADDR name+0xOFF/0xSIZE' lines")
    elif names[:len(chain)] != chain:
        errs.append("frames #0..#%d are %s, expected %s" % (len(chain) - 1, names[:len(chain)], chain))
    for f in frames:
        # A return address (frame 1 on) belongs to the call before it.
        fn = kernel_syms.function_at(fns, f.addr if f.index == 0 else f.addr - 1)
        if fn is None:
            if f.name is not None:
                errs.append("#%d 0x%x: the kernel says %s, the ELF has no function there"
                            % (f.index, f.addr, f.name))
        elif (f.name, f.offset, f.size) != (fn.name, f.addr - fn.start, fn.size):
            errs.append("#%d 0x%x: the kernel says %s+0x%x/0x%x, the ELF says %s+0x%x/0x%x" % (
                f.index, f.addr, f.name, f.offset or 0, f.size or 0, fn.name,
                f.addr - fn.start, fn.size))
    tap.ok(not errs, desc, "\n".join(errs) + "\n" + report)


def check_reject(tap: q.Tap, o: Outcome) -> None:
    c, r, log = o.case, o.result, o.log
    n = c.name
    if r is None:
        for what in ("refused", "same reason as dtinfo", "exit status"):
            tap.ok(False, "%s: %s" % (n, what), o.error)
        return
    tap.ok(log.rejected is not None and not r.marker_seen and not r.panic and not r.hung,
           "%s: refused with 'boot: board unusable:' or 'boot: device tree rejected:'" % n,
           r.report())
    # dtinfo must refuse it too, for the same reason.
    kreason = log.rejected
    for p in REJECT_PREFIXES:
        if kreason and kreason.startswith(p):
            kreason = kreason[len(p):]
    dreason = None
    if o.dt_rc == 2 and ": " in o.dt_err:
        dreason = o.dt_err.splitlines()[-1].split(": ", 2)[-1]
    tap.ok(o.dt_rc == 2 and kreason is not None and kreason == dreason,
           "%s: the kernel's reason is dtinfo's" % n,
           "kernel: %s\ndtinfo (exit %s): %s" % (log.rejected, o.dt_rc, o.dt_err or o.dt_error))
    desc = "%s: QEMU exits by itself with a non-zero status" % n
    if not c.exit_status_known and ((r.exited and r.returncode == 0) or
                                    (r.halted and not r.exited)):
        # The blob cannot be parsed at all, so the kernel cannot find the
        # board's failure-exit device (sifive,test0) in it; SBI shutdown
        # exits QEMU with status 0 whatever the reason, or (when OpenSBI
        # could not read the tree either) there is no reset device at all
        # and the kernel halts.
        tap.skip(desc, "no failure-exit device can be found in an unreadable tree (%s)" %
                 r.status())
    else:
        tap.ok(r.exited and r.returncode not in (0, None), desc, r.report(10))


def main() -> int:
    tap = q.Tap()
    todo = cases()
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = [pool.submit(execute, c) for c in todo]
        for f in futures:
            o = f.result()
            if o.missing:
                if o.missing == q.kernel_image():
                    tap.ok(False, "%s: kernel image exists" % o.case.name,
                           "%s is missing: run 'make kernel'" % o.missing)
                elif o.missing.startswith(q.build_dir()):
                    tap.ok(False, "%s: %s exists" % (o.case.name, o.missing),
                           "run 'make dtbs'")
                else:
                    tap.skip(o.case.name, "%s is not there" % o.missing)
                continue
            if o.case.kind == "boot":
                check_boot(tap, o)
            elif o.case.kind == "panic":
                check_panic(tap, o)
            else:
                check_reject(tap, o)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
