"""What the GDB suites ask GDB for and how they read its answers.

WHERE and values() are one-line Python commands for a GDB step that print
the stop (pc, function, line, satp, privilege) or named values in a fixed
shape; parse_where() and parse_values() read them back. parse_vm() reads
basalt-vm's table (scripts/gdb/basalt/cmd_vm.py).
"""
import re
from dataclasses import dataclass
from typing import Dict, Optional

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


