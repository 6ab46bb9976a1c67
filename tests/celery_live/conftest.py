"""A real broker, real ``celery -A clinic worker`` subprocesses and a real HTTP receiver.

The worker runs against the test database (pytest-django's ``test_<name>``), so these tests use
``transaction=True``: what the test writes is committed and the worker sees it. Every test runs
twice, once per supported broker: ``[redis]`` on Redis db 5 (``CELERY_LIVE_BROKER_URL``) and
``[rabbitmq]`` on RabbitMQ (``CELERY_LIVE_AMQP_URL``), on a queue named for this run. The worker's
environment differs between the two only in ``CELERY_BROKER_URL``: that is the promise to
deployments. Under CI=true a missing broker or PostgreSQL fails these tests; elsewhere it skips them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from kombu import Connection, Exchange, Queue

from clinic.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
BROKERS = {
    "redis": os.environ.get("CELERY_LIVE_BROKER_URL", "redis://127.0.0.1:6379/5"),
    "rabbitmq": os.environ.get("CELERY_LIVE_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//"),
}
IN_CI = os.environ.get("CI", "").lower() == "true"
# A queue of this run's own: two runs of this suite at once (CI and a developer) on one broker
# would otherwise take each other's messages to the wrong test database.
QUEUE = f"neuroexam-live-{uuid.uuid4().hex[:12]}"
# Seconds: on Redis a killed worker's message comes back quickly (RabbitMQ ignores the setting: it
# hands the message out again as soon as the dead worker's connection closes).
VISIBILITY_TIMEOUT = 4


def _broker_problem(url: str) -> str | None:
    """Why the broker at ``url`` cannot be used, or None. One attempt, two seconds at most."""
    with Connection(url, connect_timeout=2) as conn:
        try:
            conn.connect()  # Redis: also pings, through the first channel
        except (OSError, *conn.connection_errors, *conn.channel_errors) as exc:
            return f"the broker at {url} is not reachable: {type(exc).__name__}: {exc}"
    return None


def _delete_queue(url: str) -> None:
    """Delete this run's queue and its exchange (bindings and messages with them) on the broker.

    Declared first so that both transports know what to delete: kombu's Redis transport deletes
    only the bindings it has declared itself, and declaring an existing queue changes nothing.
    """
    exchange = Exchange(QUEUE, type="direct")
    with Connection(url, connect_timeout=2) as conn:
        conn.connect()  # one attempt: default_channel would retry for ever if the broker went away
        with conn.channel() as channel:
            queue = Queue(QUEUE, exchange, routing_key=QUEUE)(channel)
            queue.declare()
            queue.delete()
            exchange(channel).delete()


@pytest.fixture(params=list(BROKERS))
def broker(request: pytest.FixtureRequest) -> Iterator[str]:
    """This process sends tasks to the real broker (not eagerly) for the test's duration."""
    url = BROKERS[request.param]
    problem = _broker_problem(url)
    if problem:
        if IN_CI:
            pytest.fail(f"CI=true: {problem}")
        pytest.skip(problem)
    _delete_queue(url)
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager", "task_default_queue")}
    celery_app.conf.update(broker_url=url, task_always_eager=False, task_default_queue=QUEUE)
    _drop_cached_connections()
    yield url
    celery_app.conf.update(saved)
    _drop_cached_connections()
    _delete_queue(url)


def _drop_cached_connections() -> None:
    # The producer pool is built from broker_url on first use; forget it when the URL changes.
    # (kombu keeps the pools in a registry keyed by URL, so they are reused, not leaked.)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def _database_url() -> str:
    s = connection.settings_dict
    user = s.get("USER") or "postgres"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{s['NAME']}"


@dataclass
class Worker:
    process: subprocess.Popen[bytes]
    log: Path

    def kill_hard(self) -> None:
        """SIGKILL the whole worker (main process and pool children): nothing gets to clean up."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill_hard()


@pytest.fixture
def start_worker(broker: str, transactional_db: None, tmp_path: Path) -> Iterator[Callable[[], Worker]]:
    """Start ``celery -A clinic worker`` subprocesses on the test database; all stopped at the end."""
    workers: list[Worker] = []
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker,
        "CELERY_TASK_DEFAULT_QUEUE": QUEUE,
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "CELERY_UNACKED_RESTORE_INTERVAL": "2",
        "ALERT_RETRY_BASE_SECONDS": "0.2",
        "ALERT_HTTP_TIMEOUT_SECONDS": "30",
        "DB_CONN_MAX_AGE": "0",
        "DEBUG": "True",
        # The test's receiver listens on 127.0.0.1 (alerts/destinations.py refuses loopback otherwise).
        "WEBHOOK_ALLOW_LOOPBACK": "True",
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    }

    def start() -> Worker:
        log = tmp_path / f"worker-{len(workers)}.log"
        command = [
            sys.executable, "-m", "celery", "-A", "clinic", "worker", "--pool=prefork", "--concurrency=1",
            "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO",
            f"--hostname=live{len(workers)}@%h",
        ]  # fmt: skip
        with log.open("wb") as out:
            process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        worker = Worker(process=process, log=log)
        workers.append(worker)
        deadline = time.monotonic() + 60
        while b" ready." not in log.read_bytes():
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the worker did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.1)
        return worker

    yield start
    for worker in workers:
        worker.stop()


@dataclass
class Receiver:
    """An HTTP endpoint on a loopback port that answers each POST as scripted.

    ``script`` holds one entry per request: a status code, or "block" to hold the connection open
    until ``release`` is set. Requests beyond the script are answered 200.
    """

    script: list[int | str] = field(default_factory=list)
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    arrived: threading.Condition = field(default_factory=threading.Condition)
    url: str = ""

    def wait_for(self, count: int, timeout: float = 60) -> None:
        with self.arrived:
            if not self.arrived.wait_for(lambda: len(self.received) >= count, timeout=timeout):
                raise AssertionError(f"the receiver got {len(self.received)} requests, expected {count}")


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            with state.arrived:
                number = len(state.received)
                state.received.append((dict(self.headers.items()), body))
                state.arrived.notify_all()
            answer = state.script[number] if number < len(state.script) else 200
            if answer == "block":
                state.release.wait(timeout=120)
                answer = 200
            try:
                self.send_response(int(answer))
                self.end_headers()
            except OSError:
                pass  # the sender is gone (killed): nobody reads this answer

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    state.release.set()
    server.shutdown()
    server.server_close()


def wait_until(condition: Callable[[], bool], timeout: float = 60, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)
