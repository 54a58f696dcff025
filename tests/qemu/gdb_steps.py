"""Runs inside GDB (gdb -x tests/qemu/gdb_steps.py), for basalt_gdb.run_gdb().

Executes the steps in the JSON file $BASALT_GDB_STEPS, a list of
{"name": ..., "command": ..., "required": bool}, one at a time with
gdb.execute(..., to_string=True). After each it prints one line

    @@step {"name": ..., "ok": true|false, "output": "..."}

so the test sees every finished step even if a later one hangs and GDB is
killed. A failing step with "required" ends the run (later steps would only
fail in confusing ways). "@@done" marks the end.
"""
import json
import os
import sys

import gdb


def main() -> None:
    with open(os.environ["BASALT_GDB_STEPS"]) as f:
        steps = json.load(f)
    for step in steps:
        try:
            output, ok = gdb.execute(step["command"], to_string=True), True
        except Exception as e:        # gdb.error, gdb.GdbError, MemoryError, ...
            output, ok = "%s: %s" % (type(e).__name__, e), False
        sys.stdout.write("@@step %s\n" % json.dumps(
            {"name": step["name"], "ok": ok, "output": output}))
        sys.stdout.flush()
        if not ok and step.get("required"):
            break
    sys.stdout.write("@@done\n")
    sys.stdout.flush()


main()
