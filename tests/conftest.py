from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "raw"
GOLD = ROOT / "tests" / "gold"


def gold_files() -> list[Path]:
    return sorted(GOLD.glob("*.json"))


def load_gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_doc():
    from pipeline import extract_file

    return extract_file(RAW / "als_treatment_review.txt")


def _pg_bindir() -> Path | None:
    import shutil
    import subprocess

    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True).stdout.strip()
        if out and (Path(out) / "initdb").exists():
            return Path(out)
    for cand in sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True):
        return cand.parent
    return None


class PostgresServer:
    """A throwaway PostgreSQL server on a free local port (`stop()` ends it at once, as an outage would)."""

    def __init__(self, base: Path):
        import os
        import socket
        import subprocess

        bindir = _pg_bindir()
        if bindir is None:
            pytest.skip("PostgreSQL not installed: `apt-get install postgresql` (as .ci/run does) enables these tests")
        base.mkdir(parents=True, exist_ok=True)
        self.bindir, self.data = bindir, base / "data"
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # initdb refuses to run as root: hand the folder to the postgres user
            import pwd

            try:
                pw = pwd.getpwnam("postgres")
            except KeyError:
                pytest.skip("running as root and no 'postgres' user to run the server as")
            os.chown(base, pw.pw_uid, pw.pw_gid)
            os.chmod(base, 0o755)
            for parent in base.parents:
                if str(parent) in ("/", "/tmp"):
                    break
                os.chmod(parent, os.stat(parent).st_mode | 0o711)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        subprocess.run(
            self.as_user
            + [
                str(bindir / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "reviewx",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            self.as_user
            + [
                str(bindir / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(base / "log"),
                "-w",
                "-o",
                f"-p {port} -k {base} -c listen_addresses=127.0.0.1",
                "start",
            ],
            check=True,
            capture_output=True,
        )
        self.url = f"postgresql+psycopg://reviewx@127.0.0.1:{port}/postgres"
        self._wait()

    def _wait(self) -> None:
        import time

        import sqlalchemy

        deadline = time.time() + 20
        while True:
            try:
                sqlalchemy.create_engine(self.url).connect().close()
                return
            except Exception:
                if time.time() > deadline:
                    raise
                time.sleep(0.2)

    def stop(self) -> None:
        import subprocess

        subprocess.run(
            self.as_user + [str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
            capture_output=True,
        )


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory):
    """A throwaway PostgreSQL server for the session; skips with a hint when none is installed."""
    server = PostgresServer(tmp_path_factory.mktemp("pg"))
    try:
        yield server.url
    finally:
        server.stop()
