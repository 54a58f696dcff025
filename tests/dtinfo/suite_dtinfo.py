#!/usr/bin/env python3
"""dtinfo against the shared DTB corpus's facts files (TAP output).

For every X.dtb in $BASALT_DTB_DIR (default tests/dtb) with a facts file
X.json, runs `$BASALT_BUILD/host/dtinfo --json X.dtb` (BASALT_BUILD defaults
to "build") and checks what it reports against the facts, which were
extracted independently with libfdt's fdtget and dtc:

  verdict   accepted blobs exit 0 with JSON; rejected ones exit 2 with one
            stderr line "dtinfo: FILE: REASON" naming the verdict's key word
  memory, reserved (reserved-memory children + /memreserve/ + device ranges
  inside RAM, each also warned about on stderr), harts (id, mmu,
  usable), boot_mmu, console, timebase, intc, timer, devices (vs `mmio`),
  free (inside RAM, outside every reservation, page aligned, sorted), model
  human     the default output runs and has the boot log's line shapes

One TAP line per DTB per aspect. Standard library only.
"""
import json
import os
import re
import subprocess
import sys

PAGE = 4096
MMU_NAMES = {"riscv,sv39": "sv39", "riscv,sv48": "sv48", "riscv,sv57": "sv57"}
PLIC = ("riscv,plic0", "sifive,plic-1.0.0")
APLIC = ("riscv,aplic",)
TIMERS = ("riscv,clint0", "sifive,clint0", "riscv,aclint-mtimer")

# Words a rejection reason must contain, by what the verdict says.
VERDICT_WORDS = [
    (r"no usable hart with an mmu", r"MMU"),
    (r"cpu node without reg", r"no reg"),
    (r"duplicate hart id", r"given twice"),
    (r"overlapping memory", r"overlap"),
    (r"not a multiple", r"not a multiple"),
    (r"no memory node", r"no memory"),
    (r"bad magic", r"magic"),
    (r"structure block offset", r"structure block.*offset|offset.*structure block"),
    (r"structure block size", r"structure block.*(size|past)"),
    (r"name offset outside the strings", r"string"),
    (r"truncated", r"truncated"),
    (r"version", r"version"),
]
STOPWORDS = {"reject", "with", "that", "than", "from", "node", "without", "outside", "blob"}


class Tap:
    def __init__(self):
        self.lines = []
        self.failed = 0

    def check(self, ok, desc, diags=()):
        # Diagnostics explain failures; a passing line stays one line.
        self.lines.append(("ok" if ok else "not ok", desc, [] if ok else list(diags)))
        if not ok:
            self.failed += 1
        return ok

    def emit(self):
        print("1..%d" % len(self.lines))
        for k, (word, desc, diags) in enumerate(self.lines, 1):
            print("%s %d - %s" % (word, k, desc))
            for d in diags:
                for line in str(d).splitlines() or [""]:
                    print("# " + line)


def hx(s):
    return int(s, 16) if isinstance(s, str) else int(s)


def run(dtinfo, args):
    p = subprocess.run([dtinfo] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=60)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def enabled(status):
    return status in (None, "okay", "ok")


def diff(expected, got):
    return ["expected: %s" % (expected,), "got:      %s" % (got,)]


# ---------------------------------------------------------------- expectations

def expect_reserved(facts):
    out = []
    for base, size in ((hx(m["base"]), hx(m["size"])) if isinstance(m, dict) else (hx(m[0]), hx(m[1]))
                       for m in facts.get("memreserve") or []):
        if size:
            out.append((base, size, "memreserve", False))
    rm = facts.get("reserved_memory") or {}
    for child in rm.get("children") or []:
        if child.get("status") not in (None, "okay", "ok"):
            continue
        for r in child.get("reg") or []:
            if hx(r["size"]):
                out.append((hx(r["base"]), hx(r["size"]), child["path"], bool(child.get("no-map"))))
    out += [(base, size, "device", True) for _, base, size in expect_devices_in_ram(facts)]
    return sorted(out)


def expect_devices_in_ram(facts):
    """Device ranges that overlap RAM: the kernel reserves each whole (and
    warns), so they are neither free RAM nor device memory."""
    ram = [(hx(m["base"]), hx(m["size"])) for m in facts["memory"]]
    return [(path, base, size) for path, base, size in expect_devices(facts)
            if size and any(base < rb + rs and rb < base + size for rb, rs in ram)]


def expect_harts(facts):
    usable = {hx(h) for h in facts.get("usable_mmu_harts") or [] if h is not None}
    return [(hx(h["hartid"]), MMU_NAMES.get(h.get("mmu_type")), hx(h["hartid"]) in usable)
            for h in facts["harts"]]


def expect_intc(facts):
    ctrls = [c for c in facts.get("interrupt_controllers") or [] if enabled(c.get("status"))]
    for table in (PLIC, APLIC):
        for c in ctrls:
            if any(x in table for x in c.get("compatible") or []):
                return c
    return None


def expect_timer(facts):
    for c in facts.get("clint_aclint") or []:
        if enabled(c.get("status")) and any(x in TIMERS for x in c.get("compatible") or []):
            return c
    return None


def expect_devices(facts):
    out = []
    for m in facts.get("mmio") or []:
        regs = m.get("reg") or []
        cpu = m.get("cpu_base")
        for i, r in enumerate(regs):
            base = hx(r["base"])
            if cpu is not None:
                base = hx(cpu[i]) if isinstance(cpu, list) else hx(cpu) if i == 0 else base
            out.append((m["path"], base, hx(r["size"])))
    return sorted(out)


def paging_arg(bootargs):
    asked = None
    for word in (bootargs or "").split():
        if word.startswith("paging="):
            asked = word[len("paging="):]
    return asked


# ---------------------------------------------------------------- checks

def check_reject(tap, name, verdict, code, out, err):
    lines = err.splitlines()
    tap.check(code == 2, "%s: rejected with exit status 2" % name,
              ["exit status %d, stderr: %r" % (code, err)] if code != 2 else [])
    prefix = "dtinfo: "
    one = len(lines) == 1 and lines[0].startswith(prefix) and ": " in lines[0][len(prefix):]
    tap.check(one and out == "", "%s: one stderr line 'dtinfo: FILE: REASON', nothing on stdout" % name,
              ["stderr: %r" % err, "stdout: %r" % out[:200]])
    reason = lines[0] if lines else ""
    text = verdict.lower()
    words = [w for pat, w in VERDICT_WORDS if re.search(pat, text)]
    if words:
        ok = any(re.search(w, reason, re.I) for w in words)
        tap.check(ok, "%s: reason names the verdict (%s)" % (name, " or ".join(words)),
                  ["verdict: " + verdict, "reason: " + reason])
    else:
        keys = [w for w in re.findall(r"[a-z][a-z-]{3,}", text.split(":", 1)[-1]) if w not in STOPWORDS]
        ok = any(k in reason.lower() for k in keys)
        tap.check(ok, "%s: reason shares a word with the verdict" % name,
                  ["verdict: " + verdict, "reason: " + reason])


def check_memory(tap, name, facts, got):
    exp = sorted((hx(m["base"]), hx(m["size"])) for m in facts["memory"])
    have = sorted(tuple(x) for x in got["memory"])
    tap.check(exp == have, "%s: memory" % name, diff(exp, have) if exp != have else [])


def check_reserved(tap, name, facts, got):
    exp = expect_reserved(facts)
    have = sorted((r["base"], r["size"], r["reason"], r["no_map"]) for r in got["reserved"])
    tap.check(exp == have, "%s: reserved (reserved-memory children + memreserve + devices "
              "inside RAM)" % name,
              diff(exp, have) if exp != have else [])


def check_harts(tap, name, facts, got):
    exp = expect_harts(facts)
    have = [(h["id"], h["mmu"], h["usable"]) for h in got["harts"]]
    tap.check(exp == have, "%s: harts (id, mmu, usable)" % name, diff(exp, have) if exp != have else [])
    exp_en = [enabled(h.get("status")) for h in facts["harts"]]
    have_en = [h["enabled"] for h in got["harts"]]
    tap.check(exp_en == have_en, "%s: harts enabled" % name,
              diff(exp_en, have_en) if exp_en != have_en else [])
    order = {"sv39": 39, "sv48": 48, "sv57": 57}
    modes = [m for _, m, u in exp if u]
    best = min(modes, key=order.get) if modes else None
    asked = paging_arg(got.get("bootargs"))
    if best and asked in order and order[asked] < order[best]:
        best = asked
    tap.check(got["boot_mmu"] == best, "%s: boot_mmu" % name, diff(best, got["boot_mmu"]))


def check_console(tap, name, facts, got):
    con = facts.get("console") or {}
    if con.get("node_exists"):
        exp = {"path": con["node"], "compatible": (con.get("compatible") or [None])[0],
               "base": hx(con["reg"][0]["base"]) if con.get("reg") else 0}
        have = got["console"] and {k: got["console"].get(k) for k in exp}
    else:
        exp, have = None, got["console"]
    tap.check(exp == have, "%s: console" % name, diff(exp, have) if exp != have else [])
    unresolved = bool(con.get("stdout_path")) and not con.get("node_exists")
    tap.check(got.get("console_unresolved") == unresolved, "%s: console_unresolved" % name,
              diff(unresolved, got.get("console_unresolved")))


def check_timebase(tap, name, facts, got):
    exp = facts.get("timebase_frequency") or 0
    tap.check(got["timebase"] == exp, "%s: timebase" % name, diff(exp, got["timebase"]))


def check_intc_timer(tap, name, facts, got):
    c = expect_intc(facts)
    if c is None:
        exp, have = None, got["intc"]
    else:
        exp = {"path": c["path"], "base": hx(c["reg"][0]["base"])}
        have = got["intc"] and {"path": got["intc"]["path"], "base": got["intc"]["base"]}
        if c.get("riscv,ndev") is not None:
            exp["ndev"] = c["riscv,ndev"]
            have = have and dict(have, ndev=got["intc"]["ndev"])
    tap.check(exp == have, "%s: intc" % name, diff(exp, have) if exp != have else [])
    t = expect_timer(facts)
    exp = t and {"path": t["path"], "base": hx(t["reg"][0]["base"])}
    have = got["timer"] and {"path": got["timer"]["path"], "base": got["timer"]["base"]}
    tap.check(exp == have, "%s: timer" % name, diff(exp, have) if exp != have else [])


def check_devices(tap, name, facts, got):
    exp = expect_devices(facts)
    have = sorted((d["path"], d["base"], d["size"]) for d in got["devices"])
    detail = []
    if exp != have:
        detail = ["missing: %s" % sorted(set(exp) - set(have)),
                  "extra:   %s" % sorted(set(have) - set(exp))]
    tap.check(exp == have, "%s: devices match mmio (%d ranges)" % (name, len(exp)), detail)


def check_free(tap, name, got):
    free = [tuple(x) for x in got["free"]]
    ram = [tuple(x) for x in got["memory"]]
    problems = []
    if free != sorted(free):
        problems.append("free list not sorted")
    for (b1, s1), (b2, _) in zip(free, free[1:]):
        if b1 + s1 > b2:
            problems.append("free ranges overlap at %#x" % b2)
    for b, s in free:
        if b % PAGE or s % PAGE or s == 0:
            problems.append("free [%#x, +%#x) not page aligned / empty" % (b, s))
        if not any(rb <= b and b + s <= rb + rs for rb, rs in ram):
            problems.append("free [%#x, +%#x) outside RAM" % (b, s))
        for r in got["reserved"]:
            if b < r["base"] + r["size"] and r["base"] < b + s:
                problems.append("free [%#x, +%#x) overlaps reserved %s" % (b, s, r["reason"]))
    # Every RAM byte is free, reserved, or lost to page rounding (< 2 pages
    # per free range boundary).
    reserved_in_ram = 0
    for rb, rs in ram:
        cuts = sorted((max(rb, r["base"]), min(rb + rs, r["base"] + r["size"])) for r in got["reserved"])
        pos, covered = rb, 0
        for a, e in cuts:
            if e <= pos:
                continue
            a = max(a, pos)
            if a < e:
                covered += e - a
                pos = e
        reserved_in_ram += covered
    total_ram = sum(s for _, s in ram)
    slack = total_ram - reserved_in_ram - sum(s for _, s in free)
    if slack < 0 or slack >= 2 * PAGE * (len(free) + len(got["reserved"]) + len(ram)):
        problems.append("free + reserved does not add up to RAM (slack %d)" % slack)
    tap.check(not problems, "%s: free RAM is RAM minus reserved, page aligned, sorted" % name, problems)


def check_human(tap, name, facts, dtinfo, path):
    code, out, err = run(dtinfo, [path])
    lines = out.splitlines()
    problems = []
    if code != 0:
        problems.append("exit status %d, stderr %r" % (code, err))
    shapes = {
        "board": r"^board: .+",
        "paging": r"^paging: sv(39|48|57) \(\d levels\)$",
        "hart": r"^hart: \d+ (sv39|sv48|sv57|none) (boot|parked|disabled|unusable)$",
        "memory": r"^memory: (ram|reserved|free) +\[0x[0-9a-f]{16}, 0x[0-9a-f]{16}\) \d+ (bytes|KiB|MiB|GiB|TiB)( .+)?$",
        "device": r"^device: \[0x[0-9a-f]{16}, 0x[0-9a-f]{16}\) \S+ /\S*$",
    }
    for key, pat in shapes.items():
        for line in lines:
            if line.startswith(key + ":") and not re.match(pat, line):
                problems.append("bad %s line: %r" % (key, line))
    counts = {
        "hart:": len(facts["harts"]),
        "memory: ram ": len(facts["memory"]),
        "device:": len(expect_devices(facts)),
    }
    for prefix, n in counts.items():
        have = sum(1 for line in lines if line.startswith(prefix))
        if have != n:
            problems.append("%d '%s' lines, expected %d" % (have, prefix, n))
    if sum(1 for line in lines if line.endswith(" boot")) != 1:
        problems.append("not exactly one boot hart")
    tap.check(not problems, "%s: human-readable output" % name, problems)


def check_accept(tap, name, facts, code, out, err, dtinfo, path):
    if not tap.check(code == 0, "%s: accepted (exit status 0)" % name,
                     ["exit status %d, stderr: %r" % (code, err)] if code else []):
        return
    try:
        got = json.loads(out)
    except ValueError as e:
        tap.check(False, "%s: --json output parses" % name, [str(e), out[:500]])
        return
    warned = sorted(re.findall(r"^dtinfo: .*: warning: device (\S+) has registers inside RAM",
                               err, re.M))
    others = [line for line in err.splitlines() if ": warning: device " not in line]
    exp_warned = sorted(path for path, _, _ in expect_devices_in_ram(facts))
    tap.check(not others and warned == exp_warned,
              "%s: nothing on stderr but a warning per device range inside RAM (%d)" % (
                  name, len(exp_warned)), [repr(err)] + diff(exp_warned, warned))
    check_memory(tap, name, facts, got)
    check_reserved(tap, name, facts, got)
    check_harts(tap, name, facts, got)
    check_console(tap, name, facts, got)
    check_timebase(tap, name, facts, got)
    check_intc_timer(tap, name, facts, got)
    check_devices(tap, name, facts, got)
    check_free(tap, name, got)
    exp_model = facts.get("model")
    tap.check(got.get("model") == exp_model, "%s: model" % name, diff(exp_model, got.get("model")))
    check_human(tap, name, facts, dtinfo, path)


def check_usage(tap, dtinfo):
    code, out, err = run(dtinfo, [])
    tap.check(code == 1 and "usage" in err, "no arguments: usage on stderr, exit status 1",
              ["exit status %d, stderr %r" % (code, err)])
    code, out, err = run(dtinfo, ["--bogus", "x.dtb"])
    tap.check(code == 1, "unknown option: exit status 1", ["exit status %d" % code])
    code, out, err = run(dtinfo, ["--json", "/nonexistent/none.dtb"])
    tap.check(code == 1 and err.count("\n") == 1, "missing file: one line, exit status 1",
              ["exit status %d, stderr %r" % (code, err)])


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    build = os.environ.get("BASALT_BUILD", "build")
    if not os.path.isabs(build):
        build = os.path.join(root, build)
    dtb_dir = os.environ.get("BASALT_DTB_DIR", os.path.join(root, "tests", "dtb"))
    dtinfo = os.path.join(build, "host", "dtinfo")
    tap = Tap()
    if not os.access(dtinfo, os.X_OK):
        tap.check(False, "dtinfo is built", ["%s missing: run make dtinfo" % dtinfo])
        tap.emit()
        return 1
    names = sorted(f for f in os.listdir(dtb_dir) if f.endswith(".dtb")) if os.path.isdir(dtb_dir) else []
    tap.check(bool(names), "DTB corpus found in %s" % dtb_dir)
    check_usage(tap, dtinfo)
    for f in names:
        path = os.path.join(dtb_dir, f)
        facts_path = path[:-4] + ".json"
        if not os.path.exists(facts_path):
            continue
        with open(facts_path) as fp:
            meta = json.load(fp)
        verdict = meta.get("expected_verdict", "")
        facts = meta if meta.get("facts", meta) is not None and "memory" in meta else None
        code, out, err = run(dtinfo, ["--json", path])
        if verdict.startswith("reject"):
            check_reject(tap, f, verdict, code, out, err)
        elif facts is None:
            tap.check(code == 0, "%s: accepted" % f, ["exit status %d, stderr %r" % (code, err)])
        else:
            check_accept(tap, f, facts, code, out, err, dtinfo, path)
    tap.emit()
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
