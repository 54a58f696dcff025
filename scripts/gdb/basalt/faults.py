"""Thread faults in words: what a TCB's fault fields mean
(kernel/object/fault.c, lib/basalt/fault.h) and RISC-V scause values.
Pure Python (no gdb import); the host tests check the numbers against the
headers.

fault_words by type (fault.c):
  VM               [0] address (stval), [1] 1 if instruction fetch,
                   [2] scause, [3] access (BASALT_ACCESS_*)
  USER_EXCEPTION   [0] scause, [1] stval
  UNKNOWN_SYSCALL  none (the message is the registers)
"""
from typing import List, Sequence

NONE, CAP, UNKNOWN_SYSCALL, USER_EXCEPTION, VM = 0, 1, 2, 3, 5
TYPES = {NONE: "none", CAP: "capability fault", UNKNOWN_SYSCALL: "unknown system call",
         USER_EXCEPTION: "user exception", VM: "VM fault"}
ACCESS_READ, ACCESS_WRITE, ACCESS_EXEC = 1, 2, 4

# The privileged spec's exception codes (scause with the interrupt bit clear).
SCAUSE = {
    0: "instruction address misaligned", 1: "instruction access fault",
    2: "illegal instruction", 3: "breakpoint", 4: "load address misaligned",
    5: "load access fault", 6: "store/AMO address misaligned", 7: "store/AMO access fault",
    8: "environment call from U-mode", 9: "environment call from S-mode",
    12: "instruction page fault", 13: "load page fault", 15: "store/AMO page fault",
    18: "software check", 19: "hardware error",
}


def type_name(t: int) -> str:
    return TYPES.get(t, "fault type %d" % t)


def cause_name(scause: int) -> str:
    if scause >> 63:
        return "interrupt %d" % (scause & ((1 << 63) - 1))
    return SCAUSE.get(scause, "exception %d" % scause)


def access_name(access: int) -> str:
    names = [n for bit, n in ((ACCESS_READ, "read"), (ACCESS_WRITE, "write"),
                              (ACCESS_EXEC, "execute")) if access & bit]
    return "+".join(names) if names else "none (%d)" % access


def describe(t: int, words: Sequence[int], pc: int) -> List[str]:
    """The fault as "field: value" lines (without the thread)."""
    lines = ["type:    %s" % type_name(t)]
    if t == NONE:
        return lines
    lines.append("pc:      0x%016x" % pc)
    if t == VM:
        lines.append("address: 0x%016x" % words[0])
        lines.append("cause:   %d (%s)" % (words[2], cause_name(words[2])))
        lines.append("access:  %s%s" % (access_name(words[3]),
                                        ", instruction fetch" if words[1] else ""))
    elif t == USER_EXCEPTION:
        lines.append("cause:   %d (%s)" % (words[0], cause_name(words[0])))
        lines.append("value:   0x%016x (stval)" % words[1])
    elif t != UNKNOWN_SYSCALL:
        lines.append("words:   %s" % " ".join("0x%x" % w for w in words))
    return lines


def summary(t: int, words: Sequence[int], pc: int) -> str:
    """One short phrase: "VM fault at 0xdead0000 (pc 0x100072f6)"."""
    if t == VM:
        return "VM fault at 0x%x (pc 0x%x)" % (words[0], pc)
    if t == USER_EXCEPTION:
        return "%s (pc 0x%x)" % (cause_name(words[0]), pc)
    return "%s (pc 0x%x)" % (type_name(t), pc)
