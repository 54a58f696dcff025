#!/usr/bin/env python3
"""GDB's kernel-object helpers against a running Basalt (TAP output).

One session boots the demo with the boot argument "fault" (the root task
starts the server program, talks to it, and lets a thread 'faulter' fault
on an unmapped address without a fault handler), halted under GDB:

  reset vector   basalt-threads, -cnode, -untyped, -vspace and -fault say
                 the kernel has no objects yet (an answer, not an error)
  root's main    break main by symbol (user/root/main.c) stops there in
                 U-mode; its parameter bi is the boot info (bi->h.self) and
                 counts the console's untyped caps; basalt-threads lists
                 root (current) and the idle thread; `step` enters printf
                 with the console's format, `finish` returns its length,
                 `next` moves on
  server's main  the root task is blocked sending to the server's endpoint;
                 at the server's first request the root task is blocked on
                 the reply, whose cap is in the server's caller slot
  "demo: done"   (break printf if the format is that line) run_demo's locals
                 name the slots the helpers must show: basalt-threads (root,
                 server waiting on the endpoint of slot `ep`, faulter with
                 its fault), basalt-cnode (root CNode: TCB, CNode, VSpace,
                 the endpoint, the server's CNode entered with the endpoint
                 at the console's slot, the boot log's untyped; by cptr and
                 by thread), basalt-untyped (the top level is the boot log's
                 untyped list and summary; the server's and faulter's TCBs
                 beneath the untyped they came from), basalt-vspace (root:
                 text R-X-U at 0x10000000, IPC buffer RW, boot info R;
                 server: its text at 0x20000000), basalt-fault (the console's
                 fault line: pc, address, cause; by name, index and
                 address), wrong names and threads without a VSpace refused
  system_poweroff  in S-mode (the kernel window), and through QEMU's
                 physical mode, the helpers print exactly what they printed
                 in U-mode
then detaches and the demo finishes (QEMU exits 0).
"""
# basalt-suite-timeout: 300
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "qemu"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import basalt_gdb as g  # noqa: E402
from gdb_parse import (WHERE, parse_cnode, parse_threads, parse_untyped, parse_values,  # noqa: E402
                       parse_vm, parse_where, values)
import basalt_qemu as q  # noqa: E402
import kernel_syms  # noqa: E402

L = "objects"
NOT_READY = "the kernel has not set up its memory yet"
FAULT_ADDR = 0xdead0000          # user/root/demo.c's FAULT_ADDR
ROOT_RE = re.compile(r'^root: Basalt root task, (\d+) untyped caps, paging sv\d+, cmdline ".*"$')
SERVER_EP_RE = re.compile(r"^demo: started the server program \(its endpoint is slot (\d+) of "
                          r"its CSpace\)$")
FAULT_RE = re.compile(r"^fault: thread 'faulter' \(tcb (0x[0-9a-f]+)\): page fault at pc "
                      r"(0x[0-9a-f]+) \(cause (\d+), value (0x[0-9a-f]+)\): no fault handler, "
                      r"suspended$")
# basalt-fault by the faulter's index and TCB address, as basalt-threads lists them.
FAULTER_BY_OTHER_NAMES = (
    'python import re; out = gdb.execute("basalt-threads", to_string=True); '
    'm = re.search(r"^\\s*(\\d+)  faulter\\s+(0x[0-9a-f]+)", out, re.M); '
    'print(gdb.execute("basalt-fault " + m.group(1), to_string=True), end=""); '
    'print("----"); '
    'print(gdb.execute("basalt-fault " + m.group(2), to_string=True), end="")')


def source_line(path: str, text: str) -> int:
    """The number of the line of `path` (from the project root) holding `text`."""
    with open(q.root_path(path)) as f:
        for n, line in enumerate(f, 1):
            if text in line:
                return n
    raise RuntimeError("no line with %r in %s" % (text, path))


def steps(port: int, served_line: int):
    s = g.step
    helpers = ["basalt-threads", "basalt-cnode", "basalt-untyped", "basalt-vspace root",
               "basalt-fault root"]
    return [
        g.attach(port),
        s("reset", "\n".join(helpers)),
        s("main-break", "break user/root/main.c:main\ncontinue\n" + WHERE, True),
        s("main-bi", values("bi", "bi->h.self", "bi->h.untyped_count", "bi->h.ipc_buffer")),
        s("main-threads", "basalt-threads"),
        s("step", "step\n" + WHERE),
        s("step-format", 'python print("format=" + gdb.parse_and_eval("format").string())'),
        s("finish", "finish\n" + values("$") + "\n" + WHERE),
        s("next", "next\n" + WHERE),
        s("server-break", "delete\nbreak user/server/main.c:main\ncontinue\n" + WHERE, True),
        s("server-threads", "basalt-threads"),
        s("reply-break", "delete\nbreak user/server/main.c:%d\ncontinue\n" % served_line + WHERE,
          True),
        s("reply-threads", "basalt-threads"),
        s("demo-break", 'delete\nbreak printf if $_streq(format, "demo: done\\n")\ncontinue\n' +
          WHERE, True),
        s("demo-locals", "up\n" + values("ep", "child_ep", "server.tcb", "server.cnode",
                                         "server.vspace")),
        s("threads", "basalt-threads"),
        s("cnode", "basalt-cnode"),
        s("cnode-cptr", "basalt-cnode 2 --depth 0"),
        s("cnode-server", "basalt-cnode server"),
        s("untyped", "basalt-untyped"),
        s("vspace-root", "basalt-vspace root"),
        s("vspace-server", "basalt-vspace server"),
        s("fault", "basalt-fault faulter"),
        s("fault-other-names", FAULTER_BY_OTHER_NAMES),
        s("fault-none", "basalt-fault root"),
        s("err-thread", "basalt-fault nosuch"),
        s("err-vspace", "basalt-vspace idle"),
        s("err-cnode", "basalt-cnode 5"),
        s("kernel-break", "delete\nbreak system_poweroff\ncontinue\n" + WHERE, True),
        s("kernel-threads", "basalt-threads"),
        s("kernel-cnode", "basalt-cnode"),
        s("kernel-untyped", "basalt-untyped"),
        s("qemu-threads", "set basalt-phys-access qemu\nbasalt-threads\n"
          "set basalt-phys-access auto"),
        s("qemu-untyped", "set basalt-phys-access qemu\nbasalt-untyped\n"
          "set basalt-phys-access auto"),
        s("detach", "delete\nbasalt-detach", True),
    ]


def console(log: q.BootLog, pattern: re.Pattern):
    for line in log.lines:
        m = pattern.match(line.rstrip())
        if m:
            return m
    return None


class Checks:
    def __init__(self, tap: q.Tap, o: g.Outcome):
        self.tap, self.o = tap, o
        self.out = o.gdb.output if o.gdb else (lambda name: "")
        self.locals = parse_values(self.out("demo-locals"))

    def ran(self, names, desc) -> bool:
        return g.ran(self.tap, self.o, names, desc)

    def ok(self, cond, desc, diag) -> None:
        self.tap.ok(bool(cond), desc, diag)

    def threads(self, step: str) -> dict:
        return {t.name: t for t in parse_threads(self.out(step))}


def check_early(c: Checks, root_elf: str) -> None:
    log = c.o.log or q.BootLog()
    desc = "%s: at the reset vector the five helpers each say the kernel has no objects " \
           "yet, without an error" % L
    if c.ran(["reset"], desc):
        c.ok(c.out("reset").count(NOT_READY) == 5, desc, c.out("reset"))

    desc = "%s: break main (by symbol, user/root/main.c) stops at root.elf's main in U-mode" % L
    if c.ran(["main-break"], desc):
        w = parse_where(c.out("main-break"))
        main_at = kernel_syms.symbols(root_elf)["main"]
        c.ok(w and w["pc"] == main_at and w["func"] == "main" and w["priv"] == 0, desc,
             "expected pc %#x priv 0, got %s" % (main_at, w))

    desc = "%s: main's parameter bi is the boot info (bi->h.self) and counts the console's " \
           "untyped caps" % L
    if c.ran(["main-bi"], desc):
        v = parse_values(c.out("main-bi"))
        root = console(log, ROOT_RE)
        c.ok(v.get("bi") and v.get("bi") == v.get("bi->h.self") and root and
             v.get("bi->h.untyped_count") == int(root.group(1)) == len(log.untyped) and
             v.get("bi->h.ipc_buffer"), desc, "GDB %s, console %s, boot log %d untyped"
             % (v, root and root.group(0), len(log.untyped)))

    desc = "%s: in main, basalt-threads lists root (running, current on hart 0, 255/255) and " \
           "the idle thread, nothing else" % L
    if c.ran(["main-threads"], desc):
        ts = parse_threads(c.out("main-threads"))
        c.ok([t.name for t in ts] == ["root", "idle"] and ts[0].state == "running" and
             "current on hart 0" in ts[0].notes and (ts[0].priority, ts[0].mcp) == (255, 255) and
             ts[1].state == "idle" and "idle thread of hart 0" in ts[1].notes, desc,
             c.out("main-threads"))

    desc = "%s: step enters printf with the console's format; finish returns the length of " \
           "the console's line; next moves on in main" % L
    if c.ran(["step", "step-format", "finish", "next"], desc):
        w1, w2, w3 = (parse_where(c.out(n)) for n in ("step", "finish", "next"))
        fmt = c.out("step-format")
        root = console(log, ROOT_RE)
        got = parse_values(c.out("finish")).get("$")
        c.ok(w1 and w1["func"] == "printf" and "format=root: Basalt root task, %llu" in fmt and
             root and got == len(root.group(0)) + 1 and w2 and w2["func"] == "main" and
             w3 and w3["func"] == "main" and w3["line"] > w2["line"], desc,
             "step %s, %s, finish %s returned %s (console line %r), next %s"
             % (w1, fmt.strip(), w2, got, root and root.group(0), w3))


def check_ipc_states(c: Checks, server_elf: str, served_line: int) -> None:
    ep = c.locals.get("ep")
    desc = "%s: at the server's main (U-mode) the server is current and root is blocked " \
           "sending on the endpoint of root's slot ep" % L
    if c.ran(["server-break", "server-threads", "demo-locals"], desc):
        w = parse_where(c.out("server-break"))
        ts = c.threads("server-threads")
        root, server = ts.get("root"), ts.get("server")
        c.ok(w and w["pc"] == kernel_syms.symbols(server_elf)["main"] and w["priv"] == 0 and
             server and server.state == "running" and "current on hart 0" in server.notes and
             root and root.state == "blocked on send" and
             re.search(r"endpoint 0x[0-9a-f]{16} \(root\[%s\]\)" % ep, root.notes), desc,
             "stop %s, ep %s\n%s" % (w, ep, c.out("server-threads")))

    desc = "%s: at the server's first request root is blocked on the reply, whose cap the " \
           "server's TCB holds (its caller slot)" % L
    if c.ran(["reply-break", "reply-threads"], desc):
        w = parse_where(c.out("reply-break"))
        root = c.threads("reply-threads").get("root")
        c.ok(w and w["line"] == served_line and root and root.state == "blocked on reply" and
             "reply (cap in tcb server.caller)" in root.notes, desc,
             "stop %s (line %d wanted)\n%s" % (w, served_line, c.out("reply-threads")))


def check_threads(c: Checks) -> dict:
    """basalt-threads at "demo: done"; returns the threads by name."""
    log = c.o.log or q.BootLog()
    fault = console(log, FAULT_RE)
    desc = "%s: basalt-threads: root current, server waiting on the endpoint of root's slot " \
           "ep, the console driver (uart, with its bound notification) and the resource " \
           "service waiting, faulter suspended with the console's fault and TCB, idle last" % L
    if not c.ran(["demo-break", "demo-locals", "threads"], desc):
        return {}
    ts = parse_threads(c.out("threads"))
    by = {t.name: t for t in ts}
    errs = []
    # The demo's pager and its client ('pager', 'paged') may be there too.
    if not {"faulter", "idle", "resources", "root", "server", "uart"} <= set(by) or \
            not set(by) <= {"faulter", "idle", "resources", "root", "server", "uart", "pager",
                            "paged"} or len(ts) != len(by):
        errs.append("threads %s" % [t.name for t in ts])
    if ts and ts[-1].name != "idle":
        errs.append("idle is not last")
    if len({t.tcb for t in ts}) != len(ts):
        errs.append("two threads share a TCB")
    r, s, f = by.get("root"), by.get("server"), by.get("faulter")
    if not r or r.state != "running" or "current on hart 0" not in r.notes:
        errs.append("root: %s" % r)
    if not s or s.state != "blocked on receive" or \
            not re.search(r"endpoint 0x[0-9a-f]{16} \(root\[%s\]\)" % c.locals.get("ep"), s.notes):
        errs.append("server: %s (ep %s)" % (s, c.locals.get("ep")))
    u, res = by.get("uart"), by.get("resources")
    if not u or u.state != "blocked on receive" or "bound to notification" not in u.notes:
        errs.append("uart: %s" % u)
    if not res or res.state != "blocked on receive":
        errs.append("resources: %s" % res)
    if not fault:
        errs.append("the console has no fault line for faulter")
    elif not f or f.state != "inactive" or f.tcb != int(fault.group(1), 16) or \
            "last fault: VM fault at 0x%x (pc %s)" % (FAULT_ADDR, fault.group(2)) not in f.notes:
        errs.append("faulter: %s; console %s" % (f, fault.group(0)))
    c.ok(not errs, desc, "\n".join(errs) + "\n" + c.out("threads"))
    return by


def check_cnode(c: Checks, threads: dict) -> None:
    log = c.o.log or q.BootLog()
    lc = c.locals
    server_ep = console(log, SERVER_EP_RE)
    desc = "%s: basalt-cnode: root's CNode (slot 1 its TCB, 2 itself, 3 its VSpace root, ep " \
           "the endpoint, the server's TCB), the server's CNode entered beneath with that " \
           "endpoint at the console's slot, and the boot log's untyped" % L
    if not c.ran(["cnode", "demo-locals", "threads"], desc):
        return
    blocks = parse_cnode(c.out("cnode"))
    errs = []
    # Root's CNode first, then the CNodes it holds: the server's and the
    # console driver's.
    children = [b for b in blocks[1:] if "in root[%s]" % lc.get("server.cnode") in b[0].group(3)]
    if len(children) != 1 or any(b[0].group(3).find("in root[") < 0 for b in blocks[1:]):
        errs.append("%d cnodes printed, expected root's and beneath it the server's and the "
                    "others root holds" % len(blocks))
        c.ok(False, desc, "\n".join(errs) + "\n" + c.out("cnode"))
        return
    (head, slots), (shead, sslots) = blocks[0], children[0]
    at = {int(x.where): x for x in slots}
    sat = {int(x.where): x for x in sslots}
    root, server = threads.get("root"), threads.get("server")
    cnode_addr = int(head.group(2), 16)
    ep = at.get(lc.get("ep"))

    def want(cond, what):
        if not cond:
            errs.append(what)

    want("root's CSpace root" in head.group(3) and head.group(4) == "12" and
         head.group(7) == "52", "header %s" % head.group(0))
    want(at.get(1) and at[1].type == "tcb" and root and at[1].obj == root.tcb and
         at[1].details.startswith("root, running"), "slot 1: %s" % at.get(1))
    want(at.get(2) and at[2].type == "cnode" and at[2].obj == cnode_addr and
         "(this cnode)" in at[2].details, "slot 2: %s" % at.get(2))
    want(at.get(3) and at[3].type == "page-table" and "VSpace root, asid 1" in at[3].details,
         "slot 3: %s" % at.get(3))
    want(ep and ep.type == "endpoint" and ep.rights == "RWGP", "slot ep=%s: %s" % (
        lc.get("ep"), ep))
    st = at.get(lc.get("server.tcb"))
    want(st and st.type == "tcb" and server and st.obj == server.tcb and
         st.details.startswith("server, blocked on receive"), "slot server.tcb: %s" % st)
    sc = at.get(lc.get("server.cnode"))
    want(sc and sc.type == "cnode" and sc.obj == int(shead.group(2), 16) and
         "in root[%s]" % lc.get("server.cnode") in shead.group(3) and
         all(x.depth == 1 for x in sslots), "server's cnode: slot %s, header %s"
         % (sc, shead.group(0)))
    se = sat.get(int(server_ep.group(1))) if server_ep else None
    want(se and ep and se.type == "endpoint" and se.obj == ep.obj,
         "the server's slot %s (console) %s, root's endpoint %s"
         % (server_ep and server_ep.group(1), se, ep))
    want(sat.get(1) and server and sat[1].obj == server.tcb, "server's slot 1: %s" % sat.get(1))
    untyped = [(x.obj, x.size, "device" if x.details.startswith("device") else "ram")
               for x in slots if x.type == "untyped"]
    boot = [(base, size_text(bits), "device" if dev else "ram") for base, bits, dev in log.untyped]
    # The boot's untyped come first (the slots the boot info names); any
    # after them were retyped from those (the resource service's device
    # pieces, the pager demo's memory): each inside a boot untyped of its kind.
    def inside(u):
        obj, size, kind = u
        return any(kind == k and b <= obj < b + (1 << bits)
                   for b, bits, k in [(b, bits, "device" if d else "ram")
                                      for b, bits, d in log.untyped])
    want(untyped[:len(boot)] == boot and boot and all(inside(u) for u in untyped[len(boot):]),
         "untyped in root's CNode %s\nboot log %s" % (untyped, boot))
    c.ok(not errs, desc, "\n".join(errs) + "\n" + c.out("cnode"))

    desc = "%s: basalt-cnode 2 (a cptr in root's CSpace) shows root's CNode again; basalt-cnode " \
           "server shows the server's" % L
    if c.ran(["cnode-cptr", "cnode-server"], desc):
        again = parse_cnode(c.out("cnode-cptr"))
        srv = parse_cnode(c.out("cnode-server"))
        same = lambda xs: [(x.where, x.type, x.obj) for x in xs]  # noqa: E731
        c.ok(len(again) == 1 and again[0][0].group(2) == head.group(2) and
             "cptr 2: root[2]" in again[0][0].group(3) and same(again[0][1]) == same(slots) and
             len(srv) == 1 and srv[0][0].group(2) == shead.group(2) and
             "server's CSpace root" in srv[0][0].group(3) and same(srv[0][1]) == same(sslots),
             desc, c.out("cnode-cptr") + c.out("cnode-server"))


def size_text(bits: int) -> str:
    for unit, name in ((40, "TiB"), (30, "GiB"), (20, "MiB"), (10, "KiB")):
        if bits >= unit:
            return "%d %s" % (1 << (bits - unit), name)
    return "%d B" % (1 << bits)


def check_untyped(c: Checks, threads: dict) -> None:
    log = c.o.log or q.BootLog()
    desc = "%s: basalt-untyped: the top level is the boot log's untyped list, the summary its " \
           "summary line; the server's and faulter's TCBs sit beneath the untyped they were " \
           "made from, which has bytes used" % L
    if not c.ran(["untyped", "threads", "demo-locals"], desc):
        return
    lines = parse_untyped(c.out("untyped"))
    top = [x for x in lines if x.depth == 0]
    got = [(x.obj, x.size, "device" if x.details.startswith("device") else "ram") for x in top]
    boot = [(base, size_text(bits), "device" if dev else "ram") for base, bits, dev in log.untyped]
    errs = []
    if got != boot or not boot or any(x.type != "untyped" for x in top):
        errs.append("top level %s\nboot log  %s" % (got, boot))
    summary = [x for x in c.out("untyped").splitlines() if x.startswith("untyped: ")]
    if summary != [log.untyped_summary]:
        errs.append("summary %s, boot log %r" % (summary, log.untyped_summary))
    for name, slot in (("server", "root[%s]" % c.locals.get("server.tcb")), ("faulter", None)):
        t = threads.get(name)
        mine = [i for i, x in enumerate(lines) if x.type == "tcb" and t and x.obj == t.tcb]
        if len(mine) != 1:
            errs.append("%s's TCB appears %d times" % (name, len(mine)))
            continue
        i = mine[0]
        parent = next((x for x in reversed(lines[:i]) if x.depth == lines[i].depth - 1), None)
        if lines[i].depth != 1 or parent is None or parent.type != "untyped" or \
                not parent.obj <= t.tcb < parent.obj + size_bytes(parent.size) or \
                parent.details.endswith(" 0 B used") or (slot and lines[i].where != slot):
            errs.append("%s's TCB: %s under %s" % (name, lines[i], parent))
    c.ok(not errs, desc, "\n".join(errs) + "\n" + c.out("untyped"))


def size_bytes(text: str) -> int:
    n, unit = text.split()
    return int(n) << {"B": 0, "KiB": 10, "MiB": 20, "GiB": 30, "TiB": 40}[unit]


def check_vspace(c: Checks) -> None:
    bi = parse_values(c.out("main-bi"))
    desc = "%s: basalt-vspace root: its text at 0x10000000 R-X-U (root.elf .text), its IPC " \
           "buffer RW-U, its boot info R--U, only user pages, the kernel half the kernel's" % L
    if c.ran(["vspace-root", "main-bi", "cnode"], desc):
        out = c.out("vspace-root")
        _, runs = parse_vm(out)
        at = lambda va: next((r for r in runs if r.va <= va < r.end), None)  # noqa: E731
        text, ipc, info = at(0x10000000), at(bi.get("bi->h.ipc_buffer", 0)), at(bi.get("bi", 0))
        root_cnode = parse_cnode(c.out("cnode"))
        slot3 = [x for x in root_cnode[0][1] if x.where == "3"] if root_cnode else []
        head = re.search(r"root table (0x[0-9a-f]{16}), sv\d+ \(\d levels\), asid (\d+)", out)
        c.ok(text and text.va == 0x10000000 and text.rights == "R-XU-" and
             "root.elf .text" in text.what and ipc and ipc.rights == "RW-U-" and
             "ipc buffer" in ipc.what and info and info.rights == "R--U-" and
             all("U" in r.rights and "G" not in r.rights for r in runs) and
             head and head.group(2) == "1" and slot3 and slot3[0].obj == int(head.group(1), 16)
             and "kernel half: entries 256..511 equal the kernel's own table" in out,
             desc, "boot info %s\n%s" % (bi, out))

    desc = "%s: basalt-vspace server: its text at 0x20000000 R-X-U (server.elf .text), in the " \
           "VSpace root's slot server.vspace names" % L
    if c.ran(["vspace-server", "cnode", "demo-locals"], desc):
        out = c.out("vspace-server")
        _, runs = parse_vm(out)
        text = next((r for r in runs if r.va == 0x20000000), None)
        vs = [x for x in (parse_cnode(c.out("cnode")) or [(None, [])])[0][1]
              if x.where == str(c.locals.get("server.vspace"))]
        head = re.search(r"root table (0x[0-9a-f]{16})", out)
        c.ok(text and text.rights == "R-XU-" and "server.elf .text" in text.what and
             vs and head and vs[0].obj == int(head.group(1), 16) and
             all("U" in r.rights for r in runs), desc, out)


def check_fault(c: Checks) -> None:
    fault = console(c.o.log or q.BootLog(), FAULT_RE)
    desc = "%s: basalt-fault faulter: VM fault, the console's pc (in faulter), address, cause " \
           "15 (store page fault), write access; by index and TCB address the same" % L
    if c.ran(["fault", "fault-other-names"], desc):
        out = c.out("fault")
        want = ["type:    VM fault"]
        if fault:
            want += ["pc:      0x%016x  (faulter at user/root/demo.c:" % int(fault.group(2), 16),
                     "address: 0x%016x" % int(fault.group(4), 16),
                     "cause:   %s (store/AMO page fault)" % fault.group(3), "access:  write",
                     "tcb 0x%016x), inactive" % int(fault.group(1), 16)]
        others = c.out("fault-other-names").split("----\n")
        c.ok(fault and int(fault.group(4), 16) == FAULT_ADDR and all(w in out for w in want) and
             len(others) == 2 and others[0] == others[1] == out, desc,
             "console %s\nmissing %s\n%s\n%s" % (fault and fault.group(0),
                                                 [w for w in want if w not in out], out,
                                                 c.out("fault-other-names")))

    desc = "%s: basalt-fault root says it has not faulted" % L
    if c.ran(["fault-none"], desc):
        c.ok("no fault recorded" in c.out("fault-none"), desc, c.out("fault-none"))

    desc = "%s: unknown thread names, a thread without a VSpace and a cptr to no cnode are " \
           "refused with a clear error" % L
    if c.ran([], desc):
        o = c.o.gdb
        c.ok(not o.ok("err-thread") and "no thread named 'nosuch'" in o.output("err-thread") and
             not o.ok("err-vspace") and "thread idle has no VSpace" in o.output("err-vspace") and
             not o.ok("err-cnode") and "not a cnode cap" in o.output("err-cnode"), desc,
             "\n".join(o.output(n) for n in ("err-thread", "err-vspace", "err-cnode")))


def check_kernel_stop(c: Checks) -> None:
    desc = "%s: stopped in the kernel (S-mode, system_poweroff), and through QEMU's physical " \
           "mode, basalt-threads, -cnode and -untyped print exactly what they did in U-mode" % L
    names = ["kernel-break", "kernel-threads", "kernel-cnode", "kernel-untyped", "qemu-threads",
             "qemu-untyped", "threads", "cnode", "untyped"]
    if c.ran(names, desc):
        w = parse_where(c.out("kernel-break"))
        pairs = [("threads", "kernel-threads"), ("cnode", "kernel-cnode"),
                 ("untyped", "kernel-untyped"), ("threads", "qemu-threads"),
                 ("untyped", "qemu-untyped")]
        bad = [(a, b) for a, b in pairs if c.out(a) != c.out(b)]
        c.ok(w and w["priv"] == 1 and w["func"] == "system_poweroff" and not bad, desc,
             "stop %s, differ: %s\n%s" % (w, bad, "\n".join(
                 "---- %s\n%s---- %s\n%s" % (a, c.out(a), b, c.out(b)) for a, b in bad)))


def main() -> int:
    tap = q.Tap()
    root_elf, server_elf = q.build_path("user", "root.elf"), q.build_path("user", "server.elf")
    for path in (q.kernel_image(), root_elf, server_elf):
        if not os.path.isfile(path):
            tap.ok(False, "%s exists" % path, "run 'make kernel'")
            return tap.done()
    served_line = source_line("user/server/main.c", "for (unsigned i = 0; i < n; i++)")
    o = g.run_session(L, lambda port: steps(port, served_line), append="fault")
    c = Checks(tap, o)
    check_early(c, root_elf)
    check_ipc_states(c, server_elf, served_line)
    threads = check_threads(c)
    check_cnode(c, threads)
    check_untyped(c, threads)
    check_vspace(c)
    check_fault(c)
    check_kernel_stop(c)
    desc = "%s: the demo ran to its end with the fault logged" % L
    if c.ran([], desc):
        c.ok(console(o.log, FAULT_RE) and any(x.rstrip() == "demo: done" for x in o.log.lines),
             desc, o.finish_report())
    g.finished(tap, o, L)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
