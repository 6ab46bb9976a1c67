"""The benchmark harness: neuroexam and the DRF baseline under gunicorn, driven by wrk.

One command (see docs/performance.md)::

    bench/run              # full: 3 runs x 10 s per scenario, 100,000 stored exams
    bench/run --quick      # smoke: 1 run x 1 s, 400 stored exams (what the test suite runs)
    bench/run --against REF   # also another commit of neuroexam, its runs alternated with this one's

It creates and migrates both databases on the local PostgreSQL server, seeds neuroexam's with
stored exams (``bench/seed.py``, COPY, not HTTP), starts both apps under gunicorn with the same
settings, runs every scenario with wrk at 16 connections, interleaving the runs of the two apps
so drift on a shared machine hits both alike, and prints a table of medians. CPU per request
is read from /proc: the gunicorn processes' utime + stime, and the CPU of the PostgreSQL backends
connected to that app's database, divided by the requests served. Every figure is also given as
a ratio to the baseline's ingest measured in the same run, because absolute figures drift, and
as a share of the floor: the same bodies posted to a DRF view that does nothing (what the server,
Django and DRF alone cost per request on this machine).

Times are printed, never asserted.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import procstat  # noqa: E402

PG = {"host": "127.0.0.1", "port": "5432", "user": "postgres"}
CONNECTIONS = 16
WORKERS = 4
CASES = ROOT / "tests" / "cases"
ID_MARK = "@@ID@@"


def pg_url(database: str) -> str:
    return f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{database}"


def psql(sql: str, database: str = "postgres") -> str:
    command = ["psql", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], "-d", database, "-qAtc", sql]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()


def ensure_database(name: str, *, fresh: bool) -> None:
    if fresh:
        drop_database(name)
    if not psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'"):
        psql(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# -- the two apps -------------------------------------------------------------------------------


@dataclass
class App:
    """One app under gunicorn: how to start it and what identifies its processes."""

    name: str
    database: str
    wsgi: str
    chdir: Path
    auth_scheme: str
    settings_module: str
    # The same server settings for both apps: sync workers (one request at a time, a new
    # connection per request) or gthread workers (threads per process, HTTP keep-alive).
    worker_class: str = "sync"
    threads: int = 1
    root: Path = ROOT  # the project on PYTHONPATH (a checkout of another commit with --against)
    port: int = 0
    token: str = ""
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DATABASE_URL=pg_url(self.database),
            DJANGO_SETTINGS_MODULE=self.settings_module,  # never inherit the caller's (pytest's)
            DEBUG="False",
            SECRET_KEY="benchmark-only-secret-key-not-for-production-0123456789",
            ALLOWED_HOSTS="127.0.0.1,localhost",
            LOG_LEVEL="WARNING",
            PYTHONPATH=str(self.root),
            # Plain HTTP on loopback, as behind a TLS-terminating proxy; and a request budget
            # so large that the throttle runs on every request but never answers 429.
            SECURE_SSL_REDIRECT="False",
            API_CLIENT_RATE="100000000/min",
        )
        return env

    def manage(self, *args: str) -> str:
        command = [sys.executable, str(self.chdir / "manage.py"), *args]
        done = subprocess.run(command, capture_output=True, text=True, env=self.environment(), cwd=self.chdir)
        if done.returncode != 0:
            raise RuntimeError(f"{self.name}: manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout.strip()

    @property
    def authorization(self) -> str:
        return f"{self.auth_scheme} {self.token}"

    def start(self, log_dir: Path) -> None:
        self.port = _free_port()
        self.log = log_dir / f"gunicorn-{self.name}.log"
        command = [
            sys.executable, "-m", "gunicorn", self.wsgi,
            "--workers", str(WORKERS), "--worker-class", self.worker_class, "--threads", str(self.threads),
            "--bind", f"127.0.0.1:{self.port}", "--backlog", "2048",
            "--chdir", str(self.chdir), "--log-level", "warning",
        ]  # fmt: skip
        with self.log.open("wb") as log:
            # cwd: ``python -m`` puts the working directory first on sys.path.
            self.process = subprocess.Popen(
                command,
                env=self.environment(),
                cwd=self.chdir,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name}: gunicorn exited; see {self.log}")
            if len(procstat.children(self.process.pid)) >= WORKERS and _port_open(self.port):
                return
            time.sleep(0.2)
        raise RuntimeError(f"{self.name}: gunicorn did not start in 60 s; see {self.log}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def server_pids(self) -> list[int]:
        assert self.process is not None
        return procstat.process_tree(self.process.pid)

    def worker_rss_mb(self) -> float:
        assert self.process is not None
        return max((procstat.resident_mb(pid) for pid in procstat.children(self.process.pid)), default=0.0)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


# -- payloads and wrk scripts -------------------------------------------------------------------


def ingest_templates() -> list[str]:
    """The shared cases' exams as JSON, patient identifier and external id to be filled per post.

    They are complete lower-limb exams (about 58 findings) with realistic, mostly abnormal
    grades; each post gets a patient and an external id nobody used before.
    """
    bodies = []
    for path in sorted(CASES.glob("*.json")):
        exam = json.loads(path.read_text())["exam"]
        exam["patient"]["identifier"] = {"system": "urn:bench:mrn", "value": f"P{ID_MARK}"}
        exam["external_id"] = {"system": "urn:bench:ehr", "value": f"E{ID_MARK}"}
        bodies.append(json.dumps(exam))
    return bodies


def _lua_string(text: str) -> str:
    return f"[==[{text}]==]"


LUA_COMMON = """
local thread_count = 0
function setup(thread)
  thread_count = thread_count + 1
  thread:set("tid", thread_count)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "errors": %d, "status_errors": %d, '
    .. '"p50_us": %d, "p99_us": %d, "mean_us": %.1f}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout + e.status,
    e.status, latency:percentile(50), latency:percentile(99), latency.mean))
end
"""


def post_script(path: str, bodies: list[str]) -> str:
    """Each request posts the next template with a fresh id (run nonce, thread, counter)."""
    rows = ("{" + ", ".join(_lua_string(part) for part in body.split(ID_MARK)) + "}" for body in bodies)
    templates = ",\n".join(rows)
    return (
        LUA_COMMON
        + f"""
local templates = {{
{templates}
}}
local counter = 0
local nonce = "x"
function init(args)
  nonce = args[1]
  wrk.method = "POST"
  wrk.headers["Authorization"] = args[2]
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local parts = templates[(counter % #templates) + 1]
  local id = nonce .. "-" .. tid .. "-" .. counter
  return wrk.format("POST", {json.dumps(path)}, nil, table.concat(parts, id))
end
"""
    )


def get_script(kind: str, low: int, high: int) -> str:
    """GET one stored exam, one patient's exams, or the first page of the worklist, at random."""
    paths = {
        "detail": 'string.format("/api/v1/exams/%d/", math.random(low, high))',
        "patient": 'string.format("/api/v1/exams/?patient=BENCH-%07d", math.random(low, high))',
        "page": '"/api/v1/exams/"',
    }
    return (
        LUA_COMMON
        + f"""
local low, high = {low}, {high}
function init(args)
  math.randomseed(os.time() * 100 + tid)
  wrk.headers["Authorization"] = args[2]
end

function request()
  return wrk.format("GET", {paths[kind]})
end
"""
    )


# -- measuring ----------------------------------------------------------------------------------


@dataclass
class Scenario:
    name: str
    app: App
    script: str
    label: str


@dataclass
class Measure:
    rps: float
    p50_ms: float
    p99_ms: float
    server_ms: float
    db_ms: float
    errors: int
    requests: int

    @property
    def cpu_ms(self) -> float:
        return self.server_ms + self.db_ms


@dataclass
class Results:
    runs: dict[str, list[Measure]] = field(default_factory=dict)

    def median(self, name: str) -> Measure:
        runs = self.runs[name]
        return Measure(
            rps=statistics.median(m.rps for m in runs),
            p50_ms=statistics.median(m.p50_ms for m in runs),
            p99_ms=statistics.median(m.p99_ms for m in runs),
            server_ms=statistics.median(m.server_ms for m in runs),
            db_ms=statistics.median(m.db_ms for m in runs),
            errors=sum(m.errors for m in runs),
            requests=sum(m.requests for m in runs),
        )


def wrk(scenario: Scenario, seconds: float, script_dir: Path) -> dict[str, Any]:
    script = script_dir / f"{scenario.name}.lua"
    script.write_text(scenario.script)
    nonce = f"{scenario.name}{time.time_ns()}"
    command = [
        "wrk", "-t", "2", "-c", str(CONNECTIONS), "-d", f"{max(1, round(seconds))}s", "--timeout", "10s",
        "-s", str(script), scenario.app.url("/"), "--", nonce, scenario.app.authorization,
    ]  # fmt: skip
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    match = re.search(r"^WRKJSON (.*)$", output, re.MULTILINE)
    if match is None:
        raise RuntimeError(f"wrk printed no summary for {scenario.name}:\n{output}")
    result: dict[str, Any] = json.loads(match.group(1))
    return result


def measure(scenario: Scenario, seconds: float, script_dir: Path) -> Measure:
    app = scenario.app
    server_before = procstat.cpu_seconds(app.server_pids())
    db_before = procstat.cpu_seconds(procstat.postgres_backends(app.database))
    result = wrk(scenario, seconds, script_dir)
    server = procstat.cpu_delta(server_before, procstat.cpu_seconds(app.server_pids()))
    db = procstat.cpu_delta(db_before, procstat.cpu_seconds(procstat.postgres_backends(app.database)))
    requests = max(int(result["requests"]), 1)
    return Measure(
        rps=result["requests"] / (result["duration_us"] / 1e6),
        p50_ms=result["p50_us"] / 1000,
        p99_ms=result["p99_us"] / 1000,
        server_ms=1000 * server / requests,
        db_ms=1000 * db / requests,
        errors=int(result["errors"]),
        requests=int(result["requests"]),
    )


def check_endpoint(
    app: App, path: str, expected: int, method: str = "GET", body: bytes | None = None
) -> None:
    """One request before measuring, so a broken setup fails loudly instead of as 100% errors.

    wrk counts a 3xx as a success, so a redirect (say, to HTTPS) must be caught here.
    """
    connection = http.client.HTTPConnection("127.0.0.1", app.port, timeout=30)
    headers = {"Authorization": app.authorization, "Content-Type": "application/json"}
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    text = response.read()[:500]
    connection.close()
    if response.status != expected:
        raise RuntimeError(f"{app.name} {method} {path} answered {response.status}, not {expected}: {text!r}")


def _side_bench(
    command: list[str], pattern: str, env: dict[str, str] | None = None
) -> tuple[float | None, str]:
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, check=False)
    output = (done.stdout + done.stderr).strip()
    match = re.search(pattern, output)
    return (float(match.group(1).replace(",", "")) if match else None), output


# -- the report ---------------------------------------------------------------------------------


def table(results: Results, scenarios: list[Scenario], baseline: str) -> str:
    base = results.median(baseline)
    lines = [
        "| scenario | req/s | x base | p50 ms | p99 ms | x base p99 | server CPU ms/req | db CPU ms/req "
        "| x base CPU | errors / requests |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for scenario in scenarios:
        m = results.median(scenario.name)
        lines.append(
            f"| {scenario.label} | {m.rps:,.0f} | {m.rps / base.rps:.2f} | {m.p50_ms:.1f} | {m.p99_ms:.1f} "
            f"| {m.p99_ms / base.p99_ms:.2f} | {m.server_ms:.2f} | {m.db_ms:.2f} "
            f"| {m.cpu_ms / base.cpu_ms:.2f} | {m.errors} / {m.requests} |"
        )
    return "\n".join(lines)


def floor_shares(results: Results, scenarios: list[Scenario]) -> str:
    """Each scenario's req/s as a share of the floor's: how close to the machine's limit it runs."""
    floor = results.median("floor").rps
    shares = ", ".join(
        f"{s.name} {results.median(s.name).rps / floor:.2f}" for s in scenarios if s.name != "floor"
    )
    return f"share of the floor (req/s / the empty DRF view's {floor:,.0f} req/s): {shares}"


# Issue 8's targets, and the machine they were set on: its baseline ingest ran at 198 req/s.
ISSUE_BASELINE_RPS = 198.0


@dataclass(frozen=True)
class Target:
    label: str
    scenario: str
    kind: Literal["rps", "ratio", "p99"]  # at least req/s; at least x the baseline's req/s; under ms
    value: float


TARGETS = (
    Target("ingest at least 2.0 x the baseline", "ingest", "ratio", 2.0),
    Target("ingest p99 under 100 ms", "ingest", "p99", 100.0),
    Target("evaluate at least 1,500 req/s", "evaluate", "rps", 1500.0),
    Target("detail p99 under 50 ms", "detail", "p99", 50.0),
    Target("list by patient p99 under 50 ms", "list_patient", "p99", 50.0),
    Target("page of 50 p99 under 50 ms", "list_page", "p99", 50.0),
)


def target_readout(results: Results) -> str:
    """Each of issue 8's targets read as written, and at the speed of the machine it was set on.

    The issue's absolute figures were set on a machine whose baseline ran at 198 req/s; ours run
    at 74-129 depending on the day. Scaled means: a rate target multiplied, a latency target
    divided, by this run's baseline / 198, which is the issue's own rule that every figure be read
    as a ratio to the baseline. Both readings are printed; the reader decides which one counts.
    """
    base = results.median("baseline_ingest").rps
    scale = base / ISSUE_BASELINE_RPS
    lines = [
        f"issue 8's targets (scaled: by this run's baseline {base:,.0f} req/s"
        f" / the issue's {ISSUE_BASELINE_RPS:.0f} req/s)"
    ]
    for target in TARGETS:
        if target.scenario not in results.runs:
            continue
        m = results.median(target.scenario)
        if target.kind == "p99":
            measured, scaled = f"p99 {m.p99_ms:.1f} ms", target.value / scale
            written, at_scale = m.p99_ms < target.value, m.p99_ms < scaled
            scaled_text = f"under {scaled:.0f} ms"
        elif target.kind == "ratio":
            measured = f"{m.rps / base:.2f} x"
            written = at_scale = m.rps / base >= target.value
            scaled_text = "a ratio already"
        else:
            measured, scaled = f"{m.rps:,.0f} req/s", target.value * scale
            written, at_scale = m.rps >= target.value, m.rps >= scaled
            scaled_text = f"at least {scaled:,.0f} req/s"
        lines.append(
            f"  {target.label:34} {measured:>14}  as written: {'met' if written else 'NOT met':7}"
            f"  scaled ({scaled_text}): {'met' if at_scale else 'NOT met'}"
        )
    return "\n".join(lines)


def machine(app: App) -> str:
    memory = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
    version = psql("SHOW server_version")
    return (
        f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {int(memory) // 1024} MB memory, "
        f"PostgreSQL {version}, Python {sys.version.split()[0]}, gunicorn {server(app)}, "
        f"wrk 2 threads x {CONNECTIONS} connections"
    )


def server(app: App) -> str:
    if app.worker_class == "sync":
        return f"{WORKERS} sync workers"
    return f"{WORKERS} {app.worker_class} workers x {app.threads} threads"


def seed(app: App, exams: int) -> dict[str, Any]:
    """Migrate ``app``'s database and seed it with its own tree's ``bench/seed.py``."""
    app.manage("migrate", "-v0")
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, str(app.root / "bench" / "seed.py"), "--exams", str(exams)],
        check=True, capture_output=True, text=True, env=app.environment(), cwd=app.root,
    )  # fmt: skip
    seeded: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    app.token = seeded["token"]
    print(
        f"data ({app.name}): {seeded['exams']:,} stored exams of {seeded['patients']:,} patients "
        f"(seeded or checked in {time.monotonic() - started:.0f} s)",
        flush=True,
    )
    return seeded


def neuroexam_scenarios(
    app: App, seeded: dict[str, Any], bodies: list[str], suffix: str = ""
) -> list[Scenario]:
    """The five scenarios of one neuroexam checkout; ``suffix`` names another commit's."""
    low, high = seeded["exam_ids"]
    tag = f" ({suffix.lstrip('@')})" if suffix else ""
    return [
        Scenario(f"ingest{suffix}", app, post_script("/api/v1/exams/", bodies), f"POST /api/v1/exams/{tag}"),
        Scenario(
            f"evaluate{suffix}",
            app,
            post_script("/api/v1/decisions/evaluate/", bodies),
            f"POST /api/v1/decisions/evaluate/{tag}",
        ),
        Scenario(f"detail{suffix}", app, get_script("detail", low, high), f"GET /api/v1/exams/{{id}}/{tag}"),
        Scenario(
            f"list_patient{suffix}",
            app,
            get_script("patient", 0, seeded["patients"] - 1),
            f"GET /api/v1/exams/?patient={tag}",
        ),
        Scenario(
            f"list_page{suffix}", app, get_script("page", 0, 0), f"GET /api/v1/exams/ (page of 50){tag}"
        ),
    ]


def check_neuroexam(app: App, seeded: dict[str, Any], sample: bytes) -> None:
    if app.process is not None and app.process.poll() is not None:
        log = app.log.read_text()[-3000:] if app.log else ""
        raise RuntimeError(f"{app.name}: gunicorn exited with {app.process.returncode}:\n{log}")
    check_endpoint(app, "/api/v1/exams/", 201, "POST", sample)
    check_endpoint(app, "/api/v1/decisions/evaluate/", 200, "POST", sample)
    check_endpoint(app, f"/api/v1/exams/{seeded['exam_ids'][0]}/", 200)
    check_endpoint(app, "/api/v1/exams/?patient=BENCH-0000000", 200)


def comparison(results: Results, scenarios: list[Scenario], suffix: str) -> str:
    """This checkout's ratio to the baseline against the other commit's, measured in the same run."""
    base = results.median("baseline_ingest").rps
    lines = [f"this checkout against {suffix.lstrip('@')} (x base, same run; change of the ratio):"]
    for scenario in scenarios:
        other = scenario.name + suffix
        if other not in results.runs or scenario.name.endswith(suffix):
            continue
        now, then = results.median(scenario.name).rps / base, results.median(other).rps / base
        lines.append(f"  {scenario.name:14} {now:6.2f} x  against {then:6.2f} x  ({now / then - 1:+.1%})")
    return "\n".join(lines)


@contextmanager
def checkout(ref: str | None) -> Iterator[Path | None]:
    """A detached worktree of ``ref`` in a temporary folder, removed afterwards (None: no ref)."""
    if ref is None:
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="nx-bench-ref-") as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(tree), ref], cwd=ROOT, check=True, capture_output=True
        )
        try:
            yield tree
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False)


@contextmanager
def running(apps: list[App], log_dir: Path) -> Iterator[None]:
    try:
        for app in apps:
            app.start(log_dir)
        yield
    finally:
        for app in apps:
            app.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description="neuroexam benchmark harness (see docs/performance.md)")
    parser.add_argument("--quick", action="store_true", help="smoke run: tiny data, 1 run of 1 s")
    parser.add_argument("--runs", type=int, help="runs per scenario (default 3; 1 with --quick)")
    parser.add_argument("--seconds", type=float, help="seconds per run (default 10; 1 with --quick)")
    parser.add_argument("--exams", type=int, help="stored exams (default 100000; 400 with --quick)")
    parser.add_argument("--database", default="nx_bench")
    parser.add_argument("--baseline-database", default="nx_bench_baseline")
    parser.add_argument("--fresh", action="store_true", help="drop and re-create both databases first")
    parser.add_argument("--drop-after", action="store_true", help="drop both databases at the end")
    parser.add_argument("--only", help="comma-separated scenario names to run (and always the baseline)")
    parser.add_argument("--reevaluate", type=int, metavar="N", help="re-evaluate N exams (own db)")
    parser.add_argument(
        "--against",
        metavar="REF",
        help="also run another commit of neuroexam (a git ref), each scenario alternated with this one's",
    )
    parser.add_argument(
        "--worker-class",
        choices=["sync", "gthread"],
        default="sync",
        help="gunicorn worker class for both apps (default sync: 4 workers, as the issue's baseline)",
    )
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker (default 4)")
    args = parser.parse_args()
    threads = args.threads if args.worker_class == "gthread" else 1
    runs = args.runs or (1 if args.quick else 3)
    seconds = args.seconds or (1.0 if args.quick else 10.0)
    exams = args.exams or (400 if args.quick else 100_000)
    if shutil.which("wrk") is None:
        print("wrk is missing: bench/run installs it (apt-get install -y wrk)", file=sys.stderr)
        return 2

    app = App(
        "neuroexam",
        args.database,
        "clinic.wsgi:application",
        ROOT,
        "Bearer",
        "clinic.settings",
        worker_class=args.worker_class,
        threads=threads,
    )
    baseline = App(
        "baseline",
        args.baseline_database,
        "baseline_project.wsgi:application",
        BENCH / "baseline",
        "Token",
        "baseline_project.settings",
        worker_class=args.worker_class,
        threads=threads,
    )
    with checkout(args.against) as tree:
        other = None
        if tree is not None:
            other = App(
                f"neuroexam@{args.against}",
                f"{args.database}_against",
                "clinic.wsgi:application",
                tree,
                "Bearer",
                "clinic.settings",
                worker_class=args.worker_class,
                threads=threads,
                root=tree,
            )
        return measure_all(args, app, baseline, other, runs=runs, seconds=seconds, exams=exams)


def measure_all(
    args: argparse.Namespace,
    app: App,
    baseline: App,
    other: App | None,
    *,
    runs: int,
    seconds: float,
    exams: int,
) -> int:
    started = time.monotonic()
    suffix = f"@{args.against}" if other is not None else ""
    try:
        print(f"machine: {machine(app)}", flush=True)
        # The baseline's tables start empty every time: it only ingests.
        ensure_database(baseline.database, fresh=True)
        baseline.manage("migrate", "-v0")
        baseline.token = baseline.manage("baseline_token").splitlines()[-1]
        ensure_database(app.database, fresh=args.fresh)
        seeded = seed(app, exams)
        bodies = ingest_templates()
        ours = neuroexam_scenarios(app, seeded, bodies)
        theirs: list[Scenario] = []
        if other is not None:
            ensure_database(other.database, fresh=args.fresh)
            other_seeded = seed(other, exams)
            theirs = neuroexam_scenarios(other, other_seeded, bodies, suffix)
        # Each of this checkout's scenarios is followed by the other commit's, so drift hits both.
        alternated = [s for pair in zip(ours, theirs or [None] * len(ours), strict=True) for s in pair if s]
        scenarios = [
            Scenario(
                "baseline_ingest",
                baseline,
                post_script("/api/v1/exams/", bodies),
                "baseline: POST exams (DRF)",
            ),
            *alternated,
            # The floor: the same bodies posted to a DRF view that does nothing (baseline app).
            Scenario("floor", baseline, post_script("/floor/", bodies), "floor: POST to an empty DRF view"),
        ]
        if args.only:
            wanted = {"baseline_ingest", *args.only.split(",")}
            scenarios = [s for s in scenarios if s.name.removesuffix(suffix) in wanted]
        results = Results({s.name: [] for s in scenarios})
        rss: dict[str, float] = {}
        apps = [baseline, app] + ([other] if other is not None else [])
        with tempfile.TemporaryDirectory(prefix="nx-bench-") as tmp, running(apps, Path(tmp)):
            script_dir = Path(tmp)
            # A new patient and external id each run: a repeated id would be a replay (200).
            sample = bodies[0].replace(ID_MARK, f"check-{time.time_ns()}").encode()
            check_endpoint(baseline, "/api/v1/exams/", 201, "POST", sample)
            check_neuroexam(app, seeded, sample)
            if other is not None:
                check_neuroexam(other, other_seeded, sample)
            check_endpoint(baseline, "/floor/", 200, "POST", sample)
            # Warm-up: every worker imports lazily and opens its database connection.
            for scenario in scenarios if not args.quick else []:
                wrk(scenario, 1, script_dir)
            for run in range(runs):
                for scenario in scenarios:
                    m = measure(scenario, seconds, script_dir)
                    results.runs[scenario.name].append(m)
                    print(
                        f"  run {run + 1}/{runs} {scenario.name:16} {m.rps:8,.0f} req/s"
                        f"  p50 {m.p50_ms:6.1f} ms  p99 {m.p99_ms:6.1f} ms"
                        f"  cpu {m.server_ms:5.2f}+{m.db_ms:5.2f} ms  errors {m.errors}",
                        flush=True,
                    )
                    if scenario.name in ("ingest", "baseline_ingest", f"ingest{suffix}"):
                        rss[scenario.app.name] = scenario.app.worker_rss_mb()
        print()
        print(table(results, scenarios, "baseline_ingest"))
        print()
        print(
            f"median of {runs} run(s) x {seconds:g} s per scenario, {CONNECTIONS} connections; "
            "'x base' = ratio to the baseline's ingest in this run (CPU: server + database)"
        )
        if "floor" in results.runs:
            print(floor_shares(results, scenarios))
        if other is not None:
            print(comparison(results, scenarios, suffix))
        print(target_readout(results))
        for name, value in rss.items():
            print(f"largest gunicorn worker after the ingest runs ({name}): {value:.0f} MB resident")
        engine_seconds = "0.3" if args.quick else "3"
        rate, output = _side_bench(
            [sys.executable, str(BENCH / "engine_bench.py"), "--seconds", engine_seconds],
            r"([\d,.]+) evaluations/s",
        )
        last_line = output.splitlines()[-1] if output else "?"
        print(f"engine alone (bench/engine_bench.py, one process = one core): {last_line}")
        if rate is not None:
            base = results.median("baseline_ingest").rps
            print(
                f"engine: {rate:,.0f} evaluations/s per core "
                f"({rate / base:.1f} x the baseline's ingest req/s)"
            )
        reevaluate = BENCH / "reevaluate_bench.py"
        if not args.reevaluate:
            print("bulk re-evaluation: not run (add --reevaluate N; see the re-evaluation section)")
        elif reevaluate.exists():
            # Its own database and broker db, so it neither rewrites nx_bench's decisions nor
            # shares a queue with anyone else's run of the same script.
            env = app.environment() | {"DATABASE_URL": pg_url(f"{app.database}_reeval")}
            command = [
                sys.executable, str(reevaluate), "--exams", str(args.reevaluate), "--workers", "2",
                "--broker", "redis://127.0.0.1:6379/7",
            ]  # fmt: skip
            _, output = _side_bench(command, r"([\d,.]+) exams/s", env=env)
            lines = [line.rsplit("\r", 1)[-1] for line in output.splitlines()]
            print("bulk re-evaluation (bench/reevaluate_bench.py --workers 2, Celery on Redis):")
            # Its summary is on stdout, its progress bar on stderr (after it in ``output``).
            summary = [line for line in lines if " exams in " in line]
            print("\n".join(f"  {line}" for line in summary or lines[-4:]))
        else:
            print("bulk re-evaluation: bench/reevaluate_bench.py not present in this tree")
        print(f"total time {time.monotonic() - started:.0f} s")
        failed = sum(results.median(s.name).errors for s in scenarios)
        return 1 if failed else 0
    finally:
        if args.drop_after:
            for dropped in (app, baseline, other):
                if dropped is not None:
                    drop_database(dropped.database)


if __name__ == "__main__":
    sys.exit(main())
