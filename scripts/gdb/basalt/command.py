"""The base of every Basalt helper command.

A helper is a subclass of BasaltCommand in its own module cmd_NAME.py
(__init__.py imports them all):

    class VmCommand(BasaltCommand):
        '''One-line summary shown by basalt-help.

    Usage: basalt-vm [SATP]
    The rest of the help text...'''
        name = "basalt-vm"

        def run(self, args: list, from_tty: bool) -> None:
            ...   # gdb.write() the result

The docstring is GDB's `help basalt-vm`. run() gets the arguments split
like a shell would; raising gdb.GdbError (or any gdb.error) prints one
error line, as GDB's own commands do; other exceptions print a Python
traceback, because they are bugs in the helper. NotReady (the kernel has
not got that far yet) prints its message as the command's output: it is an
answer, not an error, and does not stop a script.
"""
import gdb

_registry = []


class NotReady(gdb.GdbError):
    """What the command shows does not exist yet at this stop."""


class BasaltCommand(gdb.Command):
    name = None
    completer = gdb.COMPLETE_NONE

    def __init__(self):
        super().__init__(self.name, gdb.COMMAND_USER, self.completer)
        _registry.append(self)

    def invoke(self, argument: str, from_tty: bool) -> None:
        self.dont_repeat()
        try:
            self.run(gdb.string_to_argv(argument), from_tty)
        except NotReady as e:
            gdb.write("%s\n" % e)

    def run(self, args: list, from_tty: bool) -> None:
        raise NotImplementedError


def parse_int(text: str, what: str) -> int:
    """An integer argument: any GDB expression ("0x80200000", "$satp",
    "kernel_vm.satp")."""
    try:
        return int(gdb.parse_and_eval(text)) & 0xffffffffffffffff
    except gdb.error as e:
        raise gdb.GdbError("%s: cannot evaluate '%s': %s" % (what, text, e))


def commands() -> list:
    """Every registered helper, by name."""
    return sorted(_registry, key=lambda c: c.name)
