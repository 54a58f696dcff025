#!/usr/bin/env python3
"""The console shell end to end (TAP): boot build/Image as `make run` does
(QEMU virt, 1 GiB, one hart, no boot arguments), wait for the prompt and
type into QEMU's serial input as a person would, a character at a time.
What comes back is the console driver's echo and the shell's answers:

  boot        the demo runs, the driver reports it serves the console, then
              the prompt
  help        echoed, and every command is listed
  untyped     typed with a mistake erased by DEL ("untx", DEL, "yped"): the
              echo shows the erase ("\\b \\b") and the command that runs is
              `untyped`, listing the very untyped caps the boot log listed
  caps        the fixed slots with their types, the kernel's untyped as one
              run whose count is the boot log's, and a total that adds up
  Ctrl-U      a line killed with Ctrl-U and typed again runs the new one
  unknown     "frobnicate now" gets "frobnicate: unknown command ..."
  empty       an empty line gives just a new prompt
  test        `test IPC0001` runs that test and reports 1 passed; `test
              UART` runs the console driver's own tests from the shell
              while the shell is the driver's client
  fuzz        `fuzz 20000:7` runs the system-call fuzzer, which passes
  console     the driver's device and interrupt, and a count of bytes
              received equal to every byte typed so far
  halt        QEMU powers off with status 0
  sifive_u    the same image on QEMU sifive_u (the sifive,uart0 backend):
              the prompt, an echoed `console` command naming that UART

Every wait has a time limit; a prompt that does not come fails the test
with the end of the console output (and the checks after it fail at once
instead of waiting again), and QEMU is always killed at the end.
"""
# basalt-suite-timeout: 600
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import basalt_qemu as q  # noqa: E402

PROMPT = re.compile(r"^basalt> ", re.MULTILINE)
BOOT_TIMEOUT = float(os.environ.get("BASALT_QEMU_TIMEOUT", "60"))
CMD_TIMEOUT = 60.0
TEST_TIMEOUT = 300.0
KEY_DELAY = 0.005      # seconds between keys: a (fast) person typing
COMMANDS = ["help", "untyped", "caps", "console", "test", "fuzz", "halt"]


class Shell:
    """A QEMU whose console we type into; `pos` is just after the last
    prompt seen."""

    def __init__(self, vm: q.Qemu):
        self.vm = vm
        self.pos = 0
        self.typed = 0      # bytes sent to the serial input
        self.dead = False   # a prompt did not come: waiting again is pointless

    def wait_prompt(self, timeout: float) -> bool:
        m = None if self.dead else self.vm.wait_for(PROMPT, timeout, self.pos)
        if m is None:
            self.dead = True
            return False
        self.pos = m.end()
        return True

    def type(self, keys: str) -> None:
        for k in keys:
            self.vm.send(k)
            self.typed += len(k.encode())
            time.sleep(KEY_DELAY)

    def command(self, keys: str, timeout: float = CMD_TIMEOUT):
        """Type `keys` and Enter; the text between this prompt and the next
        (echo included), or None when no prompt came back."""
        start = self.pos
        if self.dead:
            return None
        self.type(keys + "\r")
        if not self.wait_prompt(timeout):
            return None
        return self.vm.output[start:self.pos - len("basalt> ")]

    def tail(self, n: int = 30) -> str:
        return "\n".join(self.vm.output.splitlines()[-n:])


def no_prompt(sh: Shell) -> str:
    return "no prompt came back (or an earlier one did not)\nlast lines of output:\n" + sh.tail()


def check_boot(tap, sh, out):
    head = out[:sh.pos]
    demo = re.findall(r'^demo: client sent "[^"]*", server replied "[^"]*"', head, re.M)
    tap.ok(len(demo) == 3 and "demo: done" in head,
           "make run: the demo (client and server over IPC) runs before the prompt",
           "demo lines: %r" % demo)
    tap.ok(re.search(r"^uart: ns16550a at 0x10000000, interrupt \d+: serving the console$",
                     head, re.M) is not None,
           "make run: the console driver reports that it serves the ns16550a",
           head[-2000:])


def check_help(tap, sh):
    out = sh.command("help")
    if out is None:
        return tap.ok(False, "help: answered", no_prompt(sh))
    tap.ok(out.startswith("help\n"), "help: the driver echoes what is typed", repr(out[:40]))
    listed = re.findall(r"^  (\w+)", out, re.M)
    tap.ok(listed == COMMANDS, "help: lists %s" % ", ".join(COMMANDS), "listed %s" % listed)


def check_untyped(tap, sh, log):
    out = sh.command("untx\x7fyped")
    if out is None:
        return tap.ok(False, "untyped (typed with a DEL): answered", no_prompt(sh))
    tap.ok(out.startswith("untx\b \byped\n"),
           "DEL erases the last character: the echo is 'untx', '\\b \\b', 'yped'",
           "echo %r" % out[:40])
    rows = [(int(a, 16), int(b), k == "device") for a, b, k in
            re.findall(r"^\s+\d+\s+0x([0-9a-f]{16})\s+(\d+)\s+(ram|device)\s", out, re.M)]
    tap.ok(rows and rows == log.untyped,
           "untyped: the command that ran is 'untyped' and lists the boot log's %d untyped caps"
           % len(log.untyped),
           "shell: %s\nboot log: %s\noutput:\n%s" % (rows, log.untyped, out[:1500]))


def check_caps(tap, sh, log):
    out = sh.command("caps")
    if out is None:
        return tap.ok(False, "caps: answered", no_prompt(sh))
    rows = re.findall(r"^  (\d+)(?:-(\d+))?\s+(\S+(?: \S+)?)\s+(\d+)  (.*)$", out, re.M)
    by_slot = {int(a): (t, int(n), what) for a, b, t, n, what in rows}
    want = {1: "tcb", 2: "cnode", 3: "page table", 4: "irq control", 5: "asid control",
            6: "asid pool", 7: "frame", 8: "frame"}
    got = {s: by_slot.get(s, ("-",))[0] for s in want}
    tap.ok(got == want, "caps: slots 1-8 hold the root task's TCB, CNode, VSpace, IRQ control, "
           "ASID control, ASID pool, IPC buffer and boot info", "got %s\n%s" % (got, out[:1500]))
    ut = [r for r in rows if r[2] == "untyped" and r[4] == "untyped from the kernel"]
    tap.ok(len(ut) == 1 and int(ut[0][3]) == len(log.untyped),
           "caps: the kernel's untyped caps form one run of %d" % len(log.untyped),
           "untyped rows %s" % ut)
    m = re.search(r"^caps: (\d+) of (\d+) slots occupied$", out, re.M)
    total = sum(int(r[3]) for r in rows)
    tap.ok(m is not None and int(m.group(1)) == total and int(m.group(2)) == 4096,
           "caps: the total of occupied slots is the sum of the runs, of 4096",
           "summary %s, runs add up to %d" % (m.group(0) if m else None, total))


def check_editing(tap, sh):
    out = sh.command("xyz\x15console")
    tap.ok(out is not None and out.startswith("xyz\b \b\b \b\b \bconsole\n") and
           "console: ns16550a" in out,
           "Ctrl-U erases the typed line ('xyz'); the line typed after it runs",
           repr(out[:200]) if out is not None else no_prompt(sh))
    out = sh.command("frobnicate now")
    tap.ok(out is not None and
           re.search(r"^frobnicate: unknown command \(type 'help' for the list\)$", out, re.M),
           "an unknown command gets an error message naming it",
           repr(out) if out is not None else no_prompt(sh))
    out = sh.command("")
    tap.ok(out == "\n", "an empty line gives a new prompt and nothing else",
           repr(out) if out is not None else no_prompt(sh))


def check_test(tap, sh):
    out = sh.command("test IPC0001", TEST_TIMEOUT)
    tap.ok(out is not None and re.search(r"^ok IPC0001 ", out, re.M) and
           re.search(r"^1 passed, 0 failed$", out, re.M),
           "test IPC0001: runs that test from the shell, which reports it passed",
           out[-1500:] if out is not None else no_prompt(sh))
    out = sh.command("test UART", TEST_TIMEOUT)
    ok = out is not None and re.search(r"^4 passed, 0 failed$", out, re.M) and \
        all(re.search(r"^ok UART000%d " % i, out, re.M) for i in range(1, 5)) and \
        "UART0002: this line went through the console driver" in out
    tap.ok(ok, "test UART: the driver's own tests pass from the shell, the shell being a client",
           out[-2500:] if out is not None else no_prompt(sh))


def check_fuzz(tap, sh):
    out = sh.command("fuzz 20000:7", TEST_TIMEOUT)
    ok = out is not None and re.search(r"^fuzz: calls 20000 ", out, re.M) and \
        re.search(r"^fuzz: audits 2, audit failures 0, world setup errors 0$", out, re.M) and \
        re.search(r"^fuzz: PASS$", out, re.M)
    tap.ok(ok, "fuzz 20000:7: the fuzzer runs from the shell and passes (audits clean, "
           "all memory back)", out[-2500:] if out is not None else no_prompt(sh))


def check_counts(tap, sh):
    typed_before = sh.typed + len("console\r")
    out = sh.command("console")
    m = re.search(r"^console: ns16550a at 0x10000000, interrupt (\d+): (\d+) interrupts, "
                  r"(\d+) bytes received$", out or "", re.M)
    # Interrupts: at least one; a byte arriving while the driver drains
    # can make one more that finds nothing left, so no upper bound.
    tap.ok(m is not None and int(m.group(3)) == typed_before and int(m.group(2)) >= 1,
           "console: the driver received every byte typed (%d), through interrupts" % typed_before,
           (out or no_prompt(sh)))


def check_halt(tap, sh):
    start = sh.pos
    sh.type("halt\r")
    status = sh.vm.wait(20)
    out = sh.vm.output[start:]
    tap.ok(status == 0 and "halt: powering off" in out,
           "halt: QEMU powers off with status 0",
           "exit status %s\n%s" % (status, sh.tail()))


def virt(tap):
    cmd = q.qemu_command(q.kernel_image(), machine="virt", mem="1G", smp=1)
    with q.Qemu(cmd, stdin=True) as vm:
        sh = Shell(vm)
        if not sh.wait_prompt(BOOT_TIMEOUT):
            tap.ok(False, "make run: the shell's prompt appears",
                   "no prompt within %g s\ncommand: %s\n%s" % (BOOT_TIMEOUT, " ".join(cmd), sh.tail()))
            return
        tap.ok(True, "make run: the shell's prompt appears")
        log = q.parse_console(vm.output[:sh.pos])
        check_boot(tap, sh, vm.output)
        check_help(tap, sh)
        check_untyped(tap, sh, log)
        check_caps(tap, sh, log)
        check_editing(tap, sh)
        check_test(tap, sh)
        check_fuzz(tap, sh)
        check_counts(tap, sh)
        check_halt(tap, sh)


def sifive_u(tap):
    """QEMU's sifive_u has no power-off device: the run ends by the kill."""
    cmd = q.qemu_command(q.kernel_image(), machine="sifive_u", mem="1G", smp=2)
    with q.Qemu(cmd, stdin=True) as vm:
        sh = Shell(vm)
        if not sh.wait_prompt(BOOT_TIMEOUT):
            tap.ok(False, "sifive_u: the shell's prompt appears on the sifive,uart0 console",
                   "no prompt within %g s\n%s" % (BOOT_TIMEOUT, sh.tail()))
            return
        typed = len("console\r")
        out = sh.command("console")
        m = re.search(r"^console: sifive,uart0 at 0x10010000, interrupt \d+: \d+ interrupts, "
                      r"(\d+) bytes received$", out or "", re.M)
        tap.ok(out is not None and out.startswith("console\n") and m and int(m.group(1)) == typed,
               "sifive_u: the sifive,uart0 driver echoes typing and answers `console`",
               out if out is not None else no_prompt(sh))


def main():
    tap = q.Tap()
    virt(tap)
    sifive_u(tap)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
