"""What the GDB suites ask GDB for and how they read its answers.

WHERE and values() are one-line Python commands for a GDB step that print
the stop (pc, function, line, satp, privilege) or named values in a fixed
shape; parse_where() and parse_values() read them back. parse_vm() reads
basalt-vm's table (scripts/gdb/basalt/cmd_vm.py) and basalt-vspace's;
parse_threads(), parse_cnode() and parse_untyped() read basalt-threads,
basalt-cnode and basalt-untyped.
"""
import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

# One line of where the hart stopped: pc, function, line, satp, privilege.
WHERE = ('python f = gdb.selected_frame(); v = lambda e: int(gdb.parse_and_eval(e)) & (2**64 - 1); '
         'print("where pc=%#x func=%s line=%d satp=%#x priv=%d" % (v("$pc"), f.name(), '
         'f.find_sal().line, v("$satp"), v("$priv")))')
VALUES = ('python v = lambda e: int(gdb.parse_and_eval(e)) & (2**64 - 1); '
          'print("values " + " ".join("%s=%#x" % (n, v(n)) for n in "{}".split()))')

VM_RE = re.compile(r"^\[(0x[0-9a-f]{16}), (0x[0-9a-f]{16})\) -> (0x[0-9a-f]{16})\s+(\d+ \S+)\s+"
                   r"([RWXUG-]{5})\s+(\d+ \S+) x (\d+)\s*(.*?)\s*$")
SATP_RE = re.compile(r"^satp (0x[0-9a-f]+): (sv\d+) \((\d) levels\), ASID (\d+), root table at")


def values(*names: str) -> str:
    """A step that prints "values NAME=0x... ..." for GDB expressions."""
    return VALUES.replace("{}", " ".join(names))


def parse_where(text: str) -> Optional[dict]:
    m = re.search(r"where pc=(0x[0-9a-f]+) func=(\S+) line=(\d+) satp=(0x[0-9a-f]+) priv=(\d+)",
                  text)
    if not m:
        return None
    return {"pc": int(m.group(1), 16), "func": m.group(2), "line": int(m.group(3)),
            "satp": int(m.group(4), 16), "priv": int(m.group(5))}


def parse_values(text: str) -> Dict[str, int]:
    m = re.search(r"^values (.*)$", text, re.M)
    return {k: int(v, 16) for k, v in (x.rsplit("=", 1) for x in m.group(1).split())} if m else {}


@dataclass
class VmRun:
    va: int
    end: int
    pa: int
    rights: str
    page: str
    pages: int
    what: str


def parse_vm(text: str):
    """(satp header match or None, [VmRun])."""
    head = None
    runs = []
    for line in text.splitlines():
        m = SATP_RE.match(line)
        if m:
            head = m
        m = VM_RE.match(line)
        if m:
            runs.append(VmRun(int(m.group(1), 16), int(m.group(2), 16), int(m.group(3), 16),
                              m.group(5), m.group(6), int(m.group(7)), m.group(8)))
    return head, runs




# ---------------------------------------------------------------- kernel objects

# basalt-threads: "  2  server  0x0000000080088000  blocked on receive  200/200  0  notes"
THREAD_RE = re.compile(r"^\s*(\d+)  (\S+)\s+(0x[0-9a-f]{16})  (\S.*?)\s+(\d+)/(\d+)\s+(\d+)  ?(.*)$")
CAP_TYPES = ("null|untyped|endpoint|notification|reply|cnode|tcb|irq-control|irq-handler|"
             "zombie|frame|page-table|asid-control|asid-pool")
# capfmt's columns: type, rights (some types), object and size (caps with an object), details.
CAP_COLUMNS = (r"(%s)(?:\s+([RWGP-]{4}))?(?:\s+(0x[0-9a-f]{16})\s+(\d+ [KMGT]?i?B))?"
               r"(?:\s+(.*?))?\s*$" % CAP_TYPES)
# basalt-cnode: a CNode's header, then its slots (nested CNodes indented).
CNODE_RE = re.compile(r"^(\s*)cnode (0x[0-9a-f]{16}) \((.*)\): radix (\d+) \((\d+) slots\), "
                      r"guard (0x[0-9a-f]+) \((\d+) bits\), (\d+) used$")
CNODE_SLOT_RE = re.compile(r"^(\s*)(\d+)  " + CAP_COLUMNS)
# basalt-untyped: the slot holding the cap (indented by depth), then capfmt's columns.
UNTYPED_RE = re.compile(r"^( *)(\S.*?)\s+" + CAP_COLUMNS)


@dataclass
class ThreadLine:
    index: int
    name: str
    tcb: int
    state: str
    priority: int
    mcp: int
    hart: int
    notes: str


@dataclass
class CapLine:
    depth: int          # indentation level
    where: str          # slot index (basalt-cnode) or slot name (basalt-untyped)
    type: str
    rights: str
    obj: Optional[int]
    size: str
    details: str


def parse_threads(text: str) -> List[ThreadLine]:
    out = []
    for line in text.splitlines():
        m = THREAD_RE.match(line)
        if m:
            out.append(ThreadLine(int(m.group(1)), m.group(2), int(m.group(3), 16), m.group(4),
                                  int(m.group(5)), int(m.group(6)), int(m.group(7)),
                                  m.group(8)))
    return out


def _cap(depth: int, where: str, m, first: int) -> CapLine:
    g = [m.group(first + i) for i in range(5)]
    return CapLine(depth, where, g[0], g[1] or "", int(g[2], 16) if g[2] else None, g[3] or "",
                   g[4] or "")


def parse_cnode(text: str) -> List[Tuple[re.Match, List[CapLine]]]:
    """[(header match, [slot lines])] for each CNode printed, in order."""
    out = []
    for line in text.splitlines():
        h = CNODE_RE.match(line)
        if h:
            out.append((h, []))
            continue
        m = CNODE_SLOT_RE.match(line)
        if m and out:
            # The slot number is right-aligned in 5 columns after its
            # CNode's indentation: that finds the CNode it belongs to.
            indent = len(m.group(1)) + len(m.group(2)) - 5
            for head, slots in reversed(out):
                if len(head.group(1)) == indent:
                    slots.append(_cap(indent // 6, m.group(2), m, 3))
                    break
    return out


def parse_untyped(text: str) -> List[CapLine]:
    """The tree's lines (up to the summary), depth from the indentation."""
    out = []
    for line in text.splitlines()[1:]:
        if line.startswith("untyped: "):
            break
        m = UNTYPED_RE.match(line)
        if m:
            out.append(_cap(len(m.group(1)) // 2, m.group(2), m, 3))
    return out
