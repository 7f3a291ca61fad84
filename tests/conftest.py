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


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory):
    """A throwaway PostgreSQL server on a free local port; skips with a hint when none is installed."""
    import os
    import socket
    import subprocess
    import time

    bindir = _pg_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL not installed: `apt-get install postgresql` (as .ci/run does) enables these tests")
    base = tmp_path_factory.mktemp("pg")
    data = base / "data"
    as_user: list[str] = []
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
        as_user = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    subprocess.run(as_user + [str(bindir / "initdb"), "-D", str(data), "-U", "reviewx", "--auth=trust",
                              "-E", "UTF8", "--locale=C"], check=True, capture_output=True)
    log = base / "log"
    subprocess.run(as_user + [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-o",
                              f"-p {port} -k {base} -c listen_addresses=127.0.0.1", "start"],
                   check=True, capture_output=True)
    try:
        url = f"postgresql+psycopg://reviewx@127.0.0.1:{port}/postgres"
        deadline = time.time() + 20
        import sqlalchemy

        while True:
            try:
                sqlalchemy.create_engine(url).connect().close()
                break
            except Exception:
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
        yield url
    finally:
        subprocess.run(as_user + [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
