"""A throwaway PostgreSQL server on loopback for the storage tests: Debian's `postgresql`
binaries (installed by .ci/run when missing), a fresh cluster in a temporary folder, trust
authentication, a free port. Run as root, the server runs as the `postgres` user (PostgreSQL
refuses to run as root)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import psycopg

USER = "mlsd"
PREFIX, OWNER = "mlsd-pg-", "owner.pid"  # a server's folder, and the test run that owns it


def binaries() -> Path | None:
    """The folder with initdb and pg_ctl, or None when PostgreSQL is not installed."""
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_version)
    return Path(versions[-1]).parent if versions else None


def _version(path: str) -> int:
    return int(Path(path).parent.parent.name)


class PostgresServer:
    def __init__(self):
        self.bin = binaries()
        if self.bin is None:
            raise FileNotFoundError("PostgreSQL is not installed (no pg_ctl)")
        _stop_orphans(self.bin)
        self.folder = Path(tempfile.mkdtemp(prefix=PREFIX))
        (self.folder / OWNER).write_text(str(os.getpid()))
        self.port = _free_port()
        as_root = os.geteuid() == 0
        if as_root:
            shutil.chown(self.folder, "postgres")
        self._prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
        data = self.folder / "data"
        self._run("initdb", "-D", str(data), "-A", "trust", "-U", USER, "--no-sync")
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.folder / "log")
        self._run("pg_ctl", "-D", str(data), "-o", options, "-l", log, "start", "-w")
        self.data = data

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database: each test gets its own."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "stop", "-m", "immediate", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    def _run(self, tool: str, *args: str, check: bool = True) -> None:
        done = subprocess.run(
            [*self._prefix, str(self.bin / tool), *args], capture_output=True, text=True
        )
        if check and done.returncode != 0:
            raise RuntimeError(f"{tool} failed: {done.stderr or done.stdout}")


def _stop_orphans(bin_folder: Path) -> None:
    """Stop the servers of test runs that were killed before their teardown (their owner
    process is gone), so a dev machine does not gather PostgreSQL servers."""
    for owner in Path(tempfile.gettempdir()).glob(f"{PREFIX}*/{OWNER}"):
        try:
            os.kill(int(owner.read_text()), 0)
            continue  # its run is still going
        except ProcessLookupError:
            pass
        except (OSError, ValueError):
            continue  # not ours to judge: unreadable, or another user's process
        data, prefix = owner.parent / "data", ["runuser", "-u", "postgres", "--"]
        command = [*(prefix if os.geteuid() == 0 else []), str(bin_folder / "pg_ctl")]
        subprocess.run([*command, "-D", str(data), "stop", "-m", "immediate"], capture_output=True)
        shutil.rmtree(owner.parent, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
