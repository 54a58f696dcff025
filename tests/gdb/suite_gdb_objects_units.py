#!/usr/bin/env python3
"""Host tests of the kernel-object helpers' pure modules (TAP output, no
QEMU, no GDB): scripts/gdb/basalt/caps.py, capfmt.py, faults.py and
elfsections.py.

  constants  object sizes, rights, cap flags, derivation bits, object tags,
             fault types and access bits equal the C headers'; the cap type
             names are cap_type_name()'s (kernel/object/cap.c)
  caps       object ranges per type; the derivation tree of a hand-built
             list (untyped inside untyped, an endpoint with copies and
             badged copies, objects after a sub-untyped's range) matches the
             kernel's parent rule; too deep a tree is reported; capability
             lookup through guards, two levels, and every failure
  capfmt     one line per cap type with the details basalt-cnode promises
  faults     VM faults and exceptions in words
  elf        allocated sections equal readelf's for the built user programs
"""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "qemu"))
sys.path.insert(0, os.path.join(ROOT, "scripts", "gdb", "basalt"))
import basalt_qemu as q  # noqa: E402
import capfmt  # noqa: E402
import caps  # noqa: E402
import elfsections  # noqa: E402
import faults  # noqa: E402
from caps import Cap, Slot  # noqa: E402

REV, FIRST = caps.CTE_REVOCABLE, caps.CTE_FIRST_BADGED


def defines(*path: str) -> dict:
    """#define NAME VALUE (numbers, shifts of 1u) and enumerators NAME = N."""
    with open(os.path.join(ROOT, *path)) as f:
        src = f.read()
    out = {}
    for name, value in re.findall(r"#define\s+(\w+)\s+\(?([0-9xa-fA-Fu <]+?)\)?(?:ull|u)?\s*(?:/\*.*)?$",
                                  src, re.M):
        m = re.fullmatch(r"1u?\s*<<\s*(\d+)", value.strip())
        try:
            out[name] = 1 << int(m.group(1)) if m else int(value.strip().rstrip("u"), 0)
        except ValueError:
            continue
    for name, value in re.findall(r"^\s*(\w+)\s*=\s*(\d+)\s*,", src, re.M):
        out[name] = int(value)
    return out


def check_constants(tap: q.Tap) -> None:
    objs = defines("lib", "basalt", "objects.h")
    want = {"endpoint": "BASALT_ENDPOINT_BITS", "notification": "BASALT_NOTIFICATION_BITS",
            "tcb": "BASALT_TCB_BITS", "page-table": "BASALT_PAGE_TABLE_BITS",
            "asid-pool": "BASALT_ASID_POOL_BITS"}
    bad = [(t, n, objs.get(n), caps.OBJECT_BITS[t]) for t, n in want.items()
           if objs.get(n) != caps.OBJECT_BITS[t]]
    if objs.get("BASALT_SLOT_BITS") != caps.SLOT_BITS:
        bad.append(("slot", objs.get("BASALT_SLOT_BITS"), caps.SLOT_BITS))
    types = defines("lib", "basalt", "types.h")
    for n in ("WRITE", "READ", "GRANT", "GRANT_REPLY"):
        if types.get("BASALT_RIGHT_" + n) != getattr(caps, "RIGHT_" + n):
            bad.append(("BASALT_RIGHT_" + n, types.get("BASALT_RIGHT_" + n)))
    cap_h = defines("kernel", "object", "cap.h")
    for n in ("DEVICE", "MAPPED", "MASTER", "ZOMBIE_TCB"):
        if cap_h.get("CAP_FLAG_" + n) != getattr(caps, "FLAG_" + n):
            bad.append(("CAP_FLAG_" + n, cap_h.get("CAP_FLAG_" + n)))
    for n in ("REVOCABLE", "FIRST_BADGED"):
        if cap_h.get("CTE_" + n) != getattr(caps, "CTE_" + n):
            bad.append(("CTE_" + n, cap_h.get("CTE_" + n)))
    for header, name in (("tcb.h", "TCB_TAG"), ("endpoint.h", "ENDPOINT_TAG"),
                         ("notification.h", "NOTIFICATION_TAG")):
        if defines("kernel", "object", header).get(name) != getattr(caps, name):
            bad.append((name, defines("kernel", "object", header).get(name)))
    tap.ok(not bad, "constants: object sizes, rights, cap flags, derivation bits and object "
           "tags in caps.py equal the C headers'", "differ: %s" % bad)

    fault_h = defines("lib", "basalt", "fault.h")
    want = {"BASALT_FAULT_NONE": faults.NONE, "BASALT_FAULT_CAP": faults.CAP,
            "BASALT_FAULT_UNKNOWN_SYSCALL": faults.UNKNOWN_SYSCALL,
            "BASALT_FAULT_USER_EXCEPTION": faults.USER_EXCEPTION, "BASALT_FAULT_VM": faults.VM,
            "BASALT_ACCESS_READ": faults.ACCESS_READ, "BASALT_ACCESS_WRITE": faults.ACCESS_WRITE,
            "BASALT_ACCESS_EXEC": faults.ACCESS_EXEC}
    bad = [(n, fault_h.get(n), v) for n, v in want.items() if fault_h.get(n) != v]
    tap.ok(not bad, "constants: fault types and access bits in faults.py equal "
           "lib/basalt/fault.h's", "differ: %s" % bad)

    with open(os.path.join(ROOT, "kernel", "object", "cap.c")) as f:
        table = dict(re.findall(r"\[(CAP_\w+)\]\s*=\s*\"([^\"]+)\"", f.read()))
    bad = [(e, n, caps.enum_word(e, "CAP_")) for e, n in table.items()
           if caps.enum_word(e, "CAP_") != n]
    tap.ok(table and not bad and sorted(table.values()) == sorted(caps.TYPES),
           "constants: cap type names made from cap_type_t's enumerators are cap_type_name()'s, "
           "and caps.TYPES lists exactly those", "cap.c %s\nmismatch %s\nTYPES %s"
           % (table, bad, caps.TYPES))
    tap.ok(caps.enum_word("THREAD_BLOCKED_ON_SEND", "THREAD_", " ") == "blocked on send",
           "constants: thread states read as words (THREAD_BLOCKED_ON_SEND: blocked on send)")


def check_ranges(tap: q.Tap) -> None:
    cases = [(Cap("untyped", bits=20, obj=0x80000000), (0x80000000, 1 << 20)),
             (Cap("cnode", bits=8, obj=0x80004000), (0x80004000, 256 * 64)),
             (Cap("tcb", obj=0x80000800), (0x80000800, 2048)),
             (Cap("endpoint", obj=0x80000020), (0x80000020, 32)),
             (Cap("notification", obj=0x80000040), (0x80000040, 64)),
             (Cap("frame", bits=21, obj=0x80200000), (0x80200000, 2 << 20)),
             (Cap("page-table", obj=0x80001000), (0x80001000, 4096)),
             (Cap("asid-pool", obj=0x80002000), (0x80002000, 4096)),
             (Cap("zombie", bits=11, obj=0x80000800), (0x80000800, 2048)),
             (Cap("reply", obj=0x80000800), None), (Cap("irq-handler", word32=10), None),
             (Cap("irq-control"), None), (Cap("asid-control"), None), (Cap("null"), None)]
    bad = [(c.type, caps.object_range(c), r) for c, r in cases if caps.object_range(c) != r]
    tap.ok(not bad, "caps: object ranges per type as cap_object_range() computes them", str(bad))


def derivation_list():
    """A derivation list in depth-first order and each slot's parent (index)."""
    U1 = Slot(0x1000, Cap("untyped", bits=20, obj=0x80000000, w1=0x20000), REV)
    U2 = Slot(0x1040, Cap("untyped", bits=16, obj=0x80000000, w1=0x1000), REV)
    E = Slot(0x1080, Cap("endpoint", rights=15, obj=0x80000000), REV | FIRST)
    E_copy = Slot(0x10c0, Cap("endpoint", rights=3, obj=0x80000000), 0)
    Eb = Slot(0x1100, Cap("endpoint", rights=15, obj=0x80000000, w1=5), REV | FIRST)
    Eb_copy = Slot(0x1140, Cap("endpoint", rights=15, obj=0x80000000, w1=5), 0)
    Ec = Slot(0x1180, Cap("endpoint", rights=15, obj=0x80000000, w1=7), REV | FIRST)
    T = Slot(0x11c0, Cap("tcb", obj=0x80000800), REV | FIRST)
    T_copy = Slot(0x1200, Cap("tcb", obj=0x80000800), 0)
    F = Slot(0x1240, Cap("frame", bits=12, obj=0x80010000, rights=3), REV | FIRST)
    R = Slot(0x1280, Cap("frame", bits=12, obj=0x90000000, rights=3), REV | FIRST)
    U3 = Slot(0x12c0, Cap("untyped", bits=12, obj=0x90001000), REV)
    slots = [U1, U2, E, E_copy, Eb, Eb_copy, Ec, T, T_copy, F, R, U3]
    want = [None, 0, 1, 2, 2, 4, 2, 1, 7, 0, None, None]
    return slots, want


def check_tree(tap: q.Tap) -> None:
    slots, want = derivation_list()
    got, problems = caps.parents(slots)
    tap.ok(got == want and not problems,
           "caps: parents on a derivation list: untyped in untyped, an endpoint's copies and "
           "badged copies (a new badge roots its own copies), an object after the sub-untyped's "
           "range goes to the outer one, caps outside any untyped are roots",
           "expected %s\ngot      %s\n%s" % (want, got, problems))
    kids = caps.children(got)
    tap.ok(kids[0] == [1, 9] and kids[2] == [3, 4, 6] and caps.descendants(kids, 0) == 9 and
           caps.descendants(kids, 2) == 4 and caps.descendants(kids, 10) == 0,
           "caps: children in list order and descendant counts", str(kids))
    # An unbadged original is the parent of a badged first copy; a badged
    # one is not the parent of another badge's copy, nor of a first-badged
    # cap with its own badge.
    E, Eb, Ec = slots[2], slots[4], slots[6]
    again = Slot(0x2000, Cap("endpoint", obj=0x80000000, w1=5), REV | FIRST)
    tap.ok(caps.is_parent_of(E, Eb) and not caps.is_parent_of(Eb, Ec) and
           not caps.is_parent_of(Eb, again) and not caps.is_parent_of(slots[3], slots[4]),
           "caps: cdt_is_parent_of's badge rules; a cap that is not revocable has no children")
    other = Slot(0x2040, Cap("frame", bits=12, obj=0x80000000, flags=caps.FLAG_DEVICE), REV)
    frame = Slot(0x2080, Cap("frame", bits=12, obj=0x80000000), 0)
    tap.ok(not caps.is_parent_of(other, frame) and caps.is_parent_of(slots[0], other) and
           not caps.same_object(slots[0].cap, slots[1].cap) and
           caps.same_object(slots[2].cap, slots[3].cap),
           "caps: device and RAM frames of one address differ; untyped are never the same "
           "object; copies are")
    deep = [Slot(0x3000 + 64 * i, Cap("untyped", bits=40 - i // 8, obj=0x80000000), REV)
            for i in range(caps.MAX_DEPTH + 3)]
    got, problems = caps.parents(deep)
    tap.ok(problems and "deeper than %d" % caps.MAX_DEPTH in problems[0] and
           got[caps.MAX_DEPTH - 1] == caps.MAX_DEPTH - 2,
           "caps: a derivation chain deeper than MAX_DEPTH is reported, not followed further",
           str(problems[:2]))


class CSpace:
    """CNodes as dicts of index -> Cap, by object address."""

    def __init__(self):
        self.nodes = {}

    def read_slot(self, cnode: Cap, index: int) -> Slot:
        cap = self.nodes.get(cnode.obj, {}).get(index, Cap("null"))
        return Slot(cnode.obj + 64 * index, cap)


def check_resolve(tap: q.Tap) -> None:
    cs = CSpace()
    # Root: radix 4 with 56 guard bits of 0 leaves 4 bits for the next level;
    # slot 3 holds a cnode of radix 2 whose 2-bit guard is 0b10.
    root = Cap("cnode", bits=4, word32=56, obj=0x80010000)
    child = Cap("cnode", bits=2, word32=2, w1=0b10, obj=0x80020000)
    cs.nodes[root.obj] = {3: child, 5: Cap("endpoint", obj=0x80030000)}
    cs.nodes[child.obj] = {1: Cap("tcb", obj=0x80040000)}
    flat = Cap("cnode", bits=12, word32=52, obj=0x80050000)     # the root task's shape
    cs.nodes[flat.obj] = {2: flat, 159: Cap("endpoint", obj=0x80060000)}
    r1 = caps.resolve(root, (5 << 4) | 0, 64, cs.read_slot)
    r2 = caps.resolve(root, (3 << 4) | (0b10 << 2) | 1, 64, cs.read_slot)
    r3 = caps.resolve(root, (3 << 4) | (0b01 << 2) | 1, 64, cs.read_slot)
    r4 = caps.resolve(root, 1 << 63, 64, cs.read_slot)
    r5 = caps.resolve(flat, 159, 64, cs.read_slot)
    r6 = caps.resolve(flat, 2, 64, cs.read_slot)
    r7 = caps.resolve(Cap("endpoint"), 1, 64, cs.read_slot)
    r8 = caps.resolve(root, 5 << 4, 8, cs.read_slot)
    ok = (r1.slot and r1.slot.cap.type == "endpoint" and r1.bits_left == 4 and
          r2.slot and r2.slot.addr == child.obj + 64 and r2.slot.cap.type == "tcb" and
          r2.bits_left == 0 and r3.slot is None and "guard mismatch" in r3.error and
          r4.slot is None and "guard mismatch" in r4.error and
          r5.slot and r5.slot.addr == flat.obj + 159 * 64 and
          r6.slot and r6.slot.cap == flat and
          r7.slot is None and "not a cnode" in r7.error and
          r8.slot is None and "guard mismatch" in r8.error)
    tap.ok(ok, "caps: resolve() walks guards and radixes as cspace_resolve() does (two levels, "
           "a non-cnode cap ending the walk early, guard and root failures)",
           "\n".join(str(r) for r in (r1, r2, r3, r4, r5, r6, r7, r8)))
    deep = Cap("cnode", bits=4, word32=0, obj=0x80070000)
    cs.nodes[deep.obj] = {0: Cap("cnode", bits=4, word32=0, obj=0x80070000)}
    r9 = caps.resolve(deep, 0, 64, cs.read_slot)
    tap.ok(r9.slot is not None and r9.bits_left == 0 and r9.slot.addr == deep.obj,
           "caps: resolve() of a cnode that holds itself ends when the bits run out", str(r9))


def check_capfmt(tap: q.Tap) -> None:
    who = {0x80000800: "server, blocked on receive"}.get
    cases = [
        (Cap("untyped", bits=19, obj=0x80080000, w1=216 << 10),
         ["untyped", "0x0000000080080000", "512 KiB", "ram, 216 KiB used"]),
        (Cap("untyped", bits=12, obj=0x101000, flags=caps.FLAG_DEVICE),
         ["device, 0 B used"]),
        (Cap("untyped", bits=29, obj=0xa0000000, w1=(64 << 20) + 32),
         ["ram, ~64 MiB (0x4000020) used"]),
        (Cap("untyped", bits=12, obj=0x80383000, w1=100), ["ram, 100 B used"]),
        (Cap("endpoint", rights=15, obj=0x80080000), ["endpoint", "RWGP", "32 B", "no badge"]),
        (Cap("notification", rights=3, obj=0x80080040, w1=0x5), ["RW--", "64 B", "badge 0x5"]),
        (Cap("cnode", bits=8, word32=56, obj=0x80084000),
         ["16 KiB", "radix 8 (256 slots), guard 0x0 (56 bits)"]),
        (Cap("tcb", obj=0x80000800), ["2 KiB", "server, blocked on receive"]),
        (Cap("tcb", obj=0x80001000), ["no TCB there"]),
        (Cap("reply", obj=0x80000800, flags=caps.FLAG_MASTER, rights=4),
         ["--G-", "master reply cap of server, blocked on receive"]),
        (Cap("reply", obj=0x80001000), ["reply to tcb 0x80001000"]),
        (Cap("frame", bits=12, rights=3, obj=0x80305000, flags=caps.FLAG_MAPPED, word32=1,
             w1=0x10000000), ["RW--", "4 KiB", "mapped at 0x0000000010000000, asid 1"]),
        (Cap("frame", bits=21, rights=2, obj=0x80400000, flags=caps.FLAG_DEVICE),
         ["R---", "2 MiB", "unmapped, device"]),
        (Cap("page-table", bits=3, obj=0x80300000, flags=caps.FLAG_MAPPED, word32=1),
         ["VSpace root, asid 1"]),
        (Cap("page-table", bits=0, obj=0x80308000, flags=caps.FLAG_MAPPED, word32=1,
             w1=0x10000000),
         ["level 0 (4 KiB pages), covers [0x0000000010000000, 0x0000000010200000), asid 1"]),
        (Cap("page-table", obj=0x80309000), ["unmapped"]),
        (Cap("irq-handler", word32=10), ["irq-handler", "irq 10"]),
        (Cap("asid-pool", obj=0x80301000, word32=256), ["asids 256..511"]),
        (Cap("zombie", bits=11, obj=0x80000800, flags=caps.FLAG_ZOMBIE_TCB, word32=3),
         ["zombie of a tcb, 3 slots left"]),
    ]
    bad = []
    for c, parts in cases:
        line = capfmt.line(c, 4, who)
        if not all(p in line for p in parts):
            bad.append("%s: %r lacks %s" % (c.type, line, [p for p in parts if p not in line]))
    no_rights = capfmt.line(Cap("cnode", bits=8, obj=0x80084000), 4)
    if no_rights.split()[1] != "0x0000000080084000":
        bad.append("a cnode line has a rights column: %r" % no_rights)
    if capfmt.line(Cap("irq-control"), 4) != "irq-control":
        bad.append("irq-control: %r" % capfmt.line(Cap("irq-control"), 4))
    tap.ok(not bad, "capfmt: one line per type with rights only where caps carry them, object, "
           "size and the type's details", "\n".join(bad))
    header = capfmt.HEADER
    line = capfmt.line(cases[0][0], 4)
    tap.ok(line.index("0x0000000080080000") == header.index("object") and
           line.index("512 KiB") == header.index("size") and
           line.index("ram,") == header.index("details"),
           "capfmt: lines line up under HEADER's columns", header + "\n" + line)


def check_faults(tap: q.Tap) -> None:
    vm = faults.describe(faults.VM, [0xdead0000, 0, 15, faults.ACCESS_WRITE], 0x100072f6)
    fetch = faults.describe(faults.VM, [0x5000, 1, 12, faults.ACCESS_EXEC], 0x5000)
    exc = faults.describe(faults.USER_EXCEPTION, [2, 0x12345678], 0x10000100)
    want_vm = ["type:    VM fault", "pc:      0x00000000100072f6",
               "address: 0x00000000dead0000", "cause:   15 (store/AMO page fault)",
               "access:  write"]
    ok = (vm == want_vm and fetch[-1] == "access:  execute, instruction fetch" and
          "cause:   12 (instruction page fault)" in fetch and
          exc[2:] == ["cause:   2 (illegal instruction)", "value:   0x0000000012345678 (stval)"] and
          faults.describe(faults.NONE, [0] * 4, 0) == ["type:    none"] and
          faults.summary(faults.VM, [0xdead0000, 0, 15, 2], 0x100072f6) ==
          "VM fault at 0xdead0000 (pc 0x100072f6)" and
          faults.cause_name(1 << 63 | 5) == "interrupt 5" and faults.type_name(9) == "fault type 9")
    tap.ok(ok, "faults: VM faults (address, scause by name, access), exceptions (scause, "
           "stval), no fault, unknown numbers", "\n".join(vm + fetch + exc))


def readelf_sections(path: str):
    out = subprocess.run(["readelf", "-S", "-W", path], stdout=subprocess.PIPE,
                         universal_newlines=True, check=True).stdout
    rows = []
    for m in re.finditer(r"^\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+([0-9a-f]{16})\s+[0-9a-f]+\s+"
                         r"([0-9a-f]+)\s+\S+\s+(\S*A\S*)\s", out, re.M):
        if int(m.group(3), 16):
            rows.append((m.group(1), int(m.group(2), 16), int(m.group(3), 16)))
    return sorted(rows, key=lambda r: r[1])


def check_elf(tap: q.Tap) -> None:
    elfs = [q.build_path("user", n) for n in ("root.elf", "server.elf")]
    elfs = [p for p in elfs if os.path.isfile(p)]
    if not elfs:
        tap.skip("elf: allocated sections equal readelf's", "no build/user/*.elf: run make")
        return
    bad = []
    for p in elfs:
        try:
            want = readelf_sections(p)
        except (OSError, subprocess.CalledProcessError) as e:
            tap.skip("elf: allocated sections equal readelf's", "readelf: %s" % e)
            return
        got = elfsections.alloc_sections(p)
        if got != want or not got:
            bad.append("%s: readelf %s, elfsections %s" % (p, want, got))
    tap.ok(not bad and elfsections.alloc_sections(os.path.join(ROOT, "Makefile")) == [],
           "elf: allocated sections of the user programs equal readelf's; a non-ELF has none",
           "\n".join(bad))


def main() -> int:
    tap = q.Tap()
    check_constants(tap)
    check_ranges(tap)
    check_tree(tap)
    check_resolve(tap)
    check_capfmt(tap)
    check_faults(tap)
    check_elf(tap)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
