"""`make run`: engines, migrate, demo data, then runserver + Celery worker + Celery beat.

Everything runs with DJANGO_ENV=development (DEBUG, the public development keys).

Ctrl-C (SIGINT) or SIGTERM stops every process started here, then the engines.
Each child runs in its own process group so that runserver's autoreloader child and
the worker's pool processes are stopped with it.
"""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from engines import Engines

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
ADDRESS = "127.0.0.1:8000"
URL = f"http://{ADDRESS}/"

SERVICES = {
    "web": [PY, "manage.py", "runserver", ADDRESS],
    "worker": [PY, "-m", "celery", "-A", "config", "worker", "-l", "info"],
    "beat": [PY, "-m", "celery", "-A", "config", "beat", "-l", "info", "--schedule", "var/celerybeat-schedule"],
}


class Stop(Exception):
    pass


def on_signal(signum, frame):
    raise Stop(signal.Signals(signum).name)


def manage(*args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, check=True, stdin=subprocess.DEVNULL)


def stop_all(children: dict[str, subprocess.Popen]) -> None:
    for proc in children.values():
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    for name, proc in children.items():
        try:
            proc.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            print(f"[run] {name} did not stop in time: killing it", flush=True)
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # leftovers of the group (e.g. pool processes)
        except ProcessLookupError:
            pass
        proc.wait()


def wait_for_web(proc: subprocess.Popen, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            urllib.request.urlopen(URL, timeout=2)
            return True
        except urllib.error.HTTPError:
            return True  # any HTTP answer means the server is up
        except OSError:
            time.sleep(0.3)
    return False


def main() -> int:
    os.chdir(ROOT)
    os.environ["DJANGO_ENV"] = "development"  # the demo's public keys; settings fail closed without it
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    children: dict[str, subprocess.Popen] = {}
    engines = Engines()
    try:
        engines.start(create_database=True)
        manage("migrate", "--noinput")
        manage("seed_demo", "--scale", "county")  # idempotent; prints the demo logins
        for name, cmd in SERVICES.items():
            children[name] = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.DEVNULL, start_new_session=True)
        if wait_for_web(children["web"]):
            print(f"\n[run] 基层党建 Jiceng 已启动: {URL}  (按 Ctrl-C 停止全部进程)\n", flush=True)
        while True:
            for name, proc in children.items():
                if proc.poll() is not None:
                    print(f"[run] {name} exited with code {proc.returncode}: stopping", flush=True)
                    return 1
            time.sleep(0.5)
    except Stop as why:
        print(f"\n[run] {why}: stopping…", flush=True)
        return 0
    except subprocess.CalledProcessError as exc:
        print(f"[run] failed: {' '.join(map(str, exc.cmd))} (exit {exc.returncode})", flush=True)
        return exc.returncode or 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not interrupt the cleanup
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stop_all(children)
        engines.stop()
        print("[run] stopped", flush=True)


if __name__ == "__main__":
    sys.exit(main())
