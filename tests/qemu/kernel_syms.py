"""The kernel ELF's functions, read on the host: the oracle that tests hold
the kernel's own panic backtraces and GDB's answers against.

  functions(elf)          [Function(start, size, name)] from `nm -S`, sorted
  function_at(fns, addr)  the Function containing addr, or None
  address_of(fns, name)   a function's link address
  symbols(elf)            every defined symbol: {name: address}
  parse_backtrace(text)   the frames of a panic report's "backtrace:" block

Deliberately independent of scripts/gen_symtab.py (which builds the
kernel's table): this reads nm's output its own simple way.
"""
import os
import re
import subprocess
from dataclasses import dataclass
from typing import Dict, List, Optional

NM = os.environ.get("BASALT_NM", "riscv64-unknown-elf-nm")


@dataclass
class Function:
    start: int
    size: int
    name: str


@dataclass
class Frame:
    index: int
    addr: int
    name: Optional[str]      # None when the kernel printed "?"
    offset: Optional[int]
    size: Optional[int]


def functions(elf: str) -> List[Function]:
    """Text symbols (nm types T/t/W) with their sizes; an assembly label
    without a size reaches to the next symbol."""
    out = subprocess.run([NM, "-n", "-S", "--defined-only", elf], check=True,
                         stdout=subprocess.PIPE, universal_newlines=True).stdout
    raw = []
    for line in out.splitlines():
        f = line.split()
        if len(f) == 4 and f[2] in "TtWw":
            raw.append((int(f[0], 16), int(f[1], 16), f[3]))
        elif len(f) == 3 and f[1] in "TtWw":
            raw.append((int(f[0], 16), None, f[2]))
    fns = []
    for i, (start, size, name) in enumerate(raw):
        if size is None:
            later = [s for s, _, _ in raw[i + 1:] if s > start]
            size = (later[0] - start) if later else 0
        fns.append(Function(start, size, name))
    return fns


def symbols(elf: str) -> Dict[str, int]:
    """Every defined symbol (functions, data, linker-script marks like
    _etext) by name; the last one wins if a name repeats."""
    out = subprocess.run([NM, "--defined-only", elf], check=True,
                         stdout=subprocess.PIPE, universal_newlines=True).stdout
    return {f[2]: int(f[0], 16) for f in (line.split() for line in out.splitlines()) if len(f) == 3}


def function_at(fns: List[Function], addr: int) -> Optional[Function]:
    hits = [f for f in fns if f.start <= addr < f.start + f.size]
    return hits[0] if hits else None


def address_of(fns: List[Function], name: str) -> Optional[int]:
    for f in fns:
        if f.name == name:
            return f.start
    return None


_FRAME_RE = re.compile(r"^\s*#(\d+) 0x([0-9a-fA-F]{16}) (?:(\S+)\+0x([0-9a-f]+)/0x([0-9a-f]+)|\?)\s*$")


def parse_backtrace(report: str) -> List[Frame]:
    """Frames from the lines after "backtrace:" (docs/boot-console.md)."""
    frames = []
    lines = report.splitlines()
    for i, line in enumerate(lines):
        if line.strip() == "backtrace:":
            for nxt in lines[i + 1:]:
                m = _FRAME_RE.match(nxt)
                if not m:
                    break
                named = m.group(3) is not None
                frames.append(Frame(int(m.group(1)), int(m.group(2), 16), m.group(3),
                                    int(m.group(4), 16) if named else None,
                                    int(m.group(5), 16) if named else None))
            break
    return frames
