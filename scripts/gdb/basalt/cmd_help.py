"""basalt-help: the list of Basalt's helper commands."""
import gdb

from .command import BasaltCommand, commands


class HelpCommand(BasaltCommand):
    """List Basalt's GDB helper commands.

Usage: basalt-help
Each command has its own `help NAME`. docs/debugging.md explains the setup
and how to add a command."""
    name = "basalt-help"

    def run(self, args, from_tty):
        gdb.write("Basalt GDB helpers (help NAME for details):\n")
        for cmd in commands():
            summary = (type(cmd).__doc__ or "").strip().splitlines()[0]
            gdb.write("  %-22s %s\n" % (cmd.name, summary))
