"""RISC-V page-table walks (Sv39, Sv48, Sv57) as pure functions over a table
reader: inside GDB the reader goes through the stub (kmem.read_phys), in the
host tests it reads synthetic tables. No gdb import here.

satp (RV64):

   63   60 59           44 43                    0
  +-------+---------------+-----------------------+
  | MODE  |     ASID      |   root table PPN      |     MODE 0 Bare, 8 Sv39,
  +-------+---------------+-----------------------+          9 Sv48, 10 Sv57

A virtual address is a 12-bit page offset under 3, 4 or 5 nine-bit table
indices, sign-extended from its top bit. A table is 512 eight-byte PTEs
(format drawn in kernel/arch/riscv/pte.h): V must be set; R, W, X all clear
means "next-level table at PPN", anything else is a leaf mapping a page of
4 KiB at the last level, 2 MiB one level up, 1 GiB, 512 GiB, 256 TiB above.
"""
import struct
from dataclasses import dataclass
from typing import Callable, List, Optional, Tuple

PTE_V, PTE_R, PTE_W, PTE_X, PTE_U, PTE_G, PTE_A, PTE_D = (1 << i for i in range(8))
RIGHTS = ((PTE_R, "R"), (PTE_W, "W"), (PTE_X, "X"), (PTE_U, "U"), (PTE_G, "G"))
RIGHTS_MASK = PTE_R | PTE_W | PTE_X | PTE_U | PTE_G
PPN_MASK = (1 << 44) - 1
MODES = {0: ("bare", 0), 8: ("sv39", 3), 9: ("sv48", 4), 10: ("sv57", 5)}
MAX_TABLES = 4096          # a walk reads at most this many tables


@dataclass
class Satp:
    value: int
    mode: str               # "bare", "sv39", "sv48", "sv57" or "mode N"
    levels: int             # 0 for bare or an unknown mode
    asid: int
    root: int               # physical address of the root table


@dataclass
class Leaf:
    va: int
    pa: int
    size: int               # page size in bytes
    flags: int              # the PTE's low 8 bits


@dataclass
class Run:
    """Leaves merged: contiguous in virtual and physical space, same rights
    and page size."""
    va: int
    pa: int
    size: int
    flags: int
    page_size: int
    pages: int

    @property
    def end(self) -> int:
        return self.va + self.size

    @property
    def rights(self) -> str:
        return rights(self.flags)


def parse_satp(value: int) -> Satp:
    mode = (value >> 60) & 0xf
    name, levels = MODES.get(mode, ("mode %d" % mode, 0))
    return Satp(value, name, levels, (value >> 44) & 0xffff, (value & PPN_MASK) << 12)


def rights(flags: int) -> str:
    """"RWXUG" with a '-' for each right the entry lacks (e.g. "R-X-G")."""
    return "".join(letter if flags & bit else "-" for bit, letter in RIGHTS)


def sign_extend(va: int, levels: int) -> int:
    bits = 12 + 9 * levels
    if va & (1 << (bits - 1)):
        va |= ((1 << 64) - 1) ^ ((1 << bits) - 1)
    return va


def walk(read_table: Callable[[int], bytes], root: int, levels: int,
         max_tables: int = MAX_TABLES) -> Tuple[List[Leaf], List[str]]:
    """Every leaf reachable from the root table, in virtual-address order,
    and the problems met on the way (unreadable tables, a table pointer at
    the last level, a misaligned superpage, W without R). `read_table(pa)`
    returns the 4096 bytes of the table at pa or raises."""
    leaves: List[Leaf] = []
    problems: List[str] = []
    budget = [max_tables]

    def visit(table: int, level: int, va_prefix: int) -> None:
        if budget[0] <= 0:
            return
        budget[0] -= 1
        if budget[0] == 0:
            problems.append("stopped after reading %d tables" % max_tables)
        try:
            entries = struct.unpack("<512Q", read_table(table))
        except Exception as e:          # the reader's own error type varies
            problems.append("cannot read the table at 0x%x: %s" % (table, e))
            return
        shift = 12 + 9 * level
        for index, pte in enumerate(entries):
            if not pte & PTE_V:
                continue
            va = sign_extend(va_prefix | (index << shift), levels)
            pa = ((pte >> 10) & PPN_MASK) << 12
            if pte & (PTE_R | PTE_W | PTE_X):
                size = 1 << shift
                if pte & PTE_W and not pte & PTE_R:
                    problems.append("0x%x: write without read (reserved encoding)" % va)
                if pa & (size - 1):
                    problems.append("0x%x: %s page at misaligned physical 0x%x"
                                    % (va, page_name(size), pa))
                leaves.append(Leaf(va, pa, size, pte & 0xff))
            elif level == 0:
                problems.append("0x%x: last-level entry points to a table" % va)
            else:
                visit(pa, level - 1, va_prefix | (index << shift))

    if levels > 0:
        visit(root, levels - 1, 0)
    return leaves, problems


def translate(read_pte: Callable[[int], int], root: int, levels: int, va: int) -> Optional[int]:
    """The physical address `va` maps to, reading only the entries on its
    own path (`read_pte(pa)` returns the 8-byte entry at pa); None if
    unmapped."""
    table = root
    for level in range(levels - 1, -1, -1):
        shift = 12 + 9 * level
        pte = read_pte(table + ((va >> shift) & 0x1ff) * 8)
        if not pte & PTE_V:
            return None
        pa = ((pte >> 10) & PPN_MASK) << 12
        if pte & (PTE_R | PTE_W | PTE_X):
            return pa + (va & ((1 << shift) - 1))
        table = pa
    return None


def merge(leaves: List[Leaf]) -> List[Run]:
    """Adjacent leaves with the same rights and page size, contiguous both
    virtually and physically, become one run. A/D bits are ignored."""
    runs: List[Run] = []
    for leaf in leaves:
        flags = leaf.flags & RIGHTS_MASK
        last = runs[-1] if runs else None
        if (last is not None and last.flags == flags and last.page_size == leaf.size and
                last.end == leaf.va and last.pa + last.size == leaf.pa):
            last.size += leaf.size
            last.pages += 1
        else:
            runs.append(Run(leaf.va, leaf.pa, leaf.size, flags, leaf.size, 1))
    return runs


def page_name(size: int) -> str:
    """"4 KiB", "2 MiB", "1 GiB", "512 GiB", "256 TiB"."""
    for unit, name in ((1 << 40, "TiB"), (1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")):
        if size >= unit:
            return "%d %s" % (size // unit, name)
    return "%d B" % size
