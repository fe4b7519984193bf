"""Run one command and report its wall time and its own peak RSS (used by ``_bench.run_process``).

Run: python benchmarks/_launch.py REPORT.json COMMAND [ARG ...]

A child inherits its parent's peak RSS on Linux (``ru_maxrss`` survives fork
and exec), so a large benchmark process cannot measure a small child
directly; this tiny launcher spawns the command and writes
``{"seconds": ..., "maxrss_kb": ..., "status": ...}`` to REPORT.json.
The command's stdout and stderr are the launcher's.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time


def main() -> int:
    report, argv = sys.argv[1], sys.argv[2:]
    start = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, dict(os.environ))

    def stop(signum: int, frame: object) -> None:
        os.kill(pid, signal.SIGKILL)

    signal.signal(signal.SIGTERM, stop)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    with open(report, "w", encoding="utf-8") as f:
        json.dump({"seconds": seconds, "maxrss_kb": usage.ru_maxrss, "status": code}, f)
    return code if code >= 0 else 128 - code


if __name__ == "__main__":
    sys.exit(main())
