"""Prepare a checkout: pip requirements, npm packages, vendored static assets (and Chromium for tests).

Run with the project's venv python (the Makefile creates .venv first):
    .venv/bin/python scripts/setup.py          # runtime (make run)
    .venv/bin/python scripts/setup.py --dev    # + dev requirements and Chromium (make test)
Each step is skipped when its inputs have not changed (stamp files under var/).
"""

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
VENDOR = ROOT / "static" / "vendor"
CHROMIUM = Path("/usr/bin/chromium")

# package -> [(file or folder in node_modules/<package>, file or folder in static/vendor/<dir>)]
VENDOR_FILES = {
    "bootstrap": ("bootstrap", [
        "dist/css/bootstrap.min.css", "dist/css/bootstrap.min.css.map",
        "dist/js/bootstrap.bundle.min.js", "dist/js/bootstrap.bundle.min.js.map",
    ]),
    "bootstrap-icons": ("bootstrap-icons", ["font/bootstrap-icons.min.css", "font/fonts"]),
    "htmx.org": ("htmx", ["dist/htmx.min.js"]),
    "echarts": ("echarts", ["dist/echarts.min.js"]),
    "tom-select": ("tom-select", [
        "dist/css/tom-select.bootstrap5.min.css", "dist/css/tom-select.bootstrap5.min.css.map",
        "dist/js/tom-select.complete.min.js", "dist/js/tom-select.complete.min.js.map",
    ]),
}


def say(message: str) -> None:
    print(f"[setup] {message}", flush=True)


def run(*cmd: str) -> None:
    subprocess.run(cmd, cwd=ROOT, check=True, stdin=subprocess.DEVNULL)


def fingerprint(*names: str) -> str:
    digest = hashlib.sha256()
    for name in names:
        path = ROOT / name
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.exists() else b""))
    return digest.hexdigest()


def unless_unchanged(stamp_name: str, inputs: tuple[str, ...], action) -> None:
    """Run action() unless var/<stamp_name> holds the current hash of the input files."""
    stamp = VAR / stamp_name
    current = fingerprint(*inputs)
    if stamp.exists() and stamp.read_text() == current:
        return
    action()
    stamp.write_text(current)


def pip_install(requirements: str) -> None:
    say(f"pip install -r {requirements}")
    run(sys.executable, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", requirements)


def npm_install() -> None:
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("[setup] npm not found: install Node.js (>= 18)")
    lock = (ROOT / "package-lock.json").exists()
    say("npm ci" if lock else "npm install")
    run(npm, "ci" if lock else "install", "--no-audit", "--no-fund", "--loglevel=error")


def copy_vendor_files() -> None:
    for package, (target, files) in VENDOR_FILES.items():
        dest_dir = VENDOR / target
        dest_dir.mkdir(parents=True, exist_ok=True)
        for rel in files:
            src = ROOT / "node_modules" / package / rel
            dest = dest_dir / Path(rel).name
            if src.is_dir():
                shutil.copytree(src, dest, dirs_exist_ok=True)
            elif src.exists():
                shutil.copy2(src, dest)
            elif not rel.endswith(".map"):  # source maps are optional
                sys.exit(f"[setup] missing {src}: run npm ci")


def ensure_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.geteuid() != 0:
        sys.exit(f"[setup] {CHROMIUM} is missing: sudo apt-get install -y chromium")
    say("apt-get install -y chromium")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update"], check=True, env=env, stdin=subprocess.DEVNULL)
    subprocess.run(["apt-get", "install", "-y", "chromium"],
                   check=True, env=env, stdin=subprocess.DEVNULL)


def main() -> None:
    dev = "--dev" in sys.argv[1:]
    (VAR / "staticfiles").mkdir(parents=True, exist_ok=True)  # STATIC_ROOT: whitenoise warns when missing
    if dev:
        unless_unchanged("pip-dev.stamp", ("requirements.txt", "requirements-dev.txt"),
                         lambda: pip_install("requirements-dev.txt"))
    else:
        unless_unchanged("pip.stamp", ("requirements.txt",), lambda: pip_install("requirements.txt"))
    npm_inputs = ("package.json", "package-lock.json")
    if not (ROOT / "node_modules").is_dir():
        (VAR / "npm.stamp").unlink(missing_ok=True)
    unless_unchanged("npm.stamp", npm_inputs, npm_install)
    copy_vendor_files()
    if dev:
        ensure_chromium()


if __name__ == "__main__":
    main()
