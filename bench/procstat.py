"""CPU time and resident memory of processes, read from /proc (Linux only).

The harness samples these before and after each load run: the difference, divided by the
requests served, is the CPU each request cost the server and the database.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PROC = Path("/proc")


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:  # the process ended between listing and reading
        return None
    # Fields after "pid (comm) ": state is [0], ppid [1], utime [11], stime [12].
    return text[text.rfind(")") + 2 :].split()


def cpu_seconds(pids: Iterable[int]) -> dict[int, float]:
    """utime + stime of each live process, in seconds."""
    times = {}
    for pid in pids:
        fields = _stat_fields(pid)
        if fields is not None:
            times[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return times


def cpu_delta(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU spent between two samples; a process that appeared in between counts from zero."""
    return sum(value - before.get(pid, 0.0) for pid, value in after.items())


def _all_pids() -> list[int]:
    return [int(entry.name) for entry in PROC.iterdir() if entry.name.isdigit()]


def children(parent: int) -> list[int]:
    found = []
    for pid in _all_pids():
        fields = _stat_fields(pid)
        if fields is not None and int(fields[1]) == parent:
            found.append(pid)
    return found


def process_tree(root: int) -> list[int]:
    """A gunicorn master and its workers."""
    return [root, *children(root)]


def postgres_backends(database: str) -> list[int]:
    """Backends connected to one database: "postgres: [CLUSTER:] USER DB HOST(PORT) STATE"."""
    found = []
    for pid in _all_pids():
        try:
            words = (PROC / str(pid) / "cmdline").read_bytes().decode(errors="replace").split()
        except OSError:
            continue
        if words[:1] != ["postgres:"]:
            continue
        if len(words) > 1 and words[1].endswith(":"):  # Debian names the cluster: "postgres: 15/main:"
            words = words[1:]
        if len(words) >= 3 and words[2] == database:
            found.append(pid)
    return found


def resident_mb(pid: int) -> float:
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0
