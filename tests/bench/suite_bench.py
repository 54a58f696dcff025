#!/usr/bin/env python3
"""The benchmarks, smoke-tested (TAP): the release image runs every row a
few times and each row must produce a number, and the boot rows too. Speed
is not judged here (that is `make bench`); this keeps the benchmarks from
rotting."""
# basalt-suite-timeout: 600
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
build = os.environ.get("BASALT_BUILD", os.path.join(ROOT, "build"))
image = os.path.join(build, "release", "Image")
if not os.path.isfile(image):
    print("1..0 # SKIP no release image at %s (make release)" % image)
    sys.exit(0)
sys.exit(subprocess.call([sys.executable, os.path.join(ROOT, "scripts", "bench.py"), "--smoke",
                          "--image", image, "--out", os.path.join(build, "bench-smoke")]))
