"""The hook for user programs' symbols (the root task and the rest).

User programs are separate ELFs, each linked at fixed user addresses, so
their symbols load as they are: `add-symbol-file ELF` with no address puts
every section at the address it was linked for. basalt-attach calls
load_all() after the kernel's symbols; `basalt-user-symbols` calls it again
(after a rebuild, or with other files).

Which ELFs: every build/user/*.elf (the build puts user programs there;
$BASALT_BUILD replaces build/), then every path in $BASALT_USER_ELFS
(separated by spaces or colons), then the files given to the command. None
existing is normal (there is no user space yet) and loads nothing.

Limit to know: GDB looks a name up in every loaded ELF, so two programs
linked at the same addresses (typical for separate address spaces) give
ambiguous locations; load only the programs you debug (give them as
arguments) until a per-address-space switch exists.
"""
import glob
import os
import re

import gdb

from . import ksyms

_spaces = {}      # GDB program space -> {path: modification time when loaded}


def _loaded() -> dict:
    return _spaces.setdefault(gdb.current_progspace(), {})


def candidates(extra=()) -> list:
    """The user ELFs to load, in order, without duplicates."""
    build = os.path.join(ksyms.project_root(), os.environ.get("BASALT_BUILD") or "build")
    paths = sorted(glob.glob(os.path.join(build, "user", "*.elf")))
    paths += [p for p in re.split(r"[\s:]+", os.environ.get("BASALT_USER_ELFS", "")) if p]
    paths += list(extra)
    out = []
    for p in paths:
        p = os.path.abspath(os.path.join(ksyms.project_root(), p))
        if p not in out:
            out.append(p)
    return out


def loaded_files() -> list:
    """The user ELFs whose symbols are loaded now (in this program space)."""
    return sorted(_loaded())


def forget() -> None:
    """The kernel's symbol-file was replaced, which drops every objfile."""
    _loaded().clear()


def load_all(extra=()) -> list:
    """Load (or reload, when the file changed) every candidate that exists.
    Returns the lines to report, one per file."""
    report = []
    loaded = _loaded()
    for path in candidates(extra):
        if not os.path.isfile(path):
            report.append("user symbols: %s does not exist, skipped" % path)
            continue
        mtime = os.path.getmtime(path)
        if loaded.get(path) == mtime:
            report.append("user symbols: %s (already loaded)" % path)
            continue
        if path in loaded:
            gdb.execute('remove-symbol-file "%s"' % path, to_string=True)
        gdb.execute('add-symbol-file "%s"' % path, to_string=True)
        loaded[path] = mtime
        report.append("user symbols: %s" % path)
    if not report:
        report.append("user symbols: none (no build/user/*.elf, $BASALT_USER_ELFS empty)")
    return report
