"""`make test`: engines, then `ruff check .`, `lint-imports` (the layer contracts in pyproject.toml)
and the whole pytest suite (pytest's summary line last).

Exit code: pytest's, or 1 when only ruff or lint-imports failed. Extra arguments go to pytest:
    .venv/bin/python scripts/test.py -k celery
"""

import os
import subprocess
import sys
from pathlib import Path

from engines import Engines

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def main() -> int:
    os.chdir(ROOT)
    os.environ["FAST_PASSWORD_HASHER"] = "1"
    os.environ["DJANGO_ENV"] = "development"  # settings fail closed without it (config/keys.py)
    with Engines():
        ruff = subprocess.run([str(BIN / "ruff"), "check", "."], stdin=subprocess.DEVNULL).returncode
        if ruff:
            print("[test] ruff check failed (the suite runs anyway)", flush=True)
        layers = subprocess.run([str(BIN / "lint-imports"), "--no-logo"], stdin=subprocess.DEVNULL).returncode
        if layers:
            print("[test] lint-imports failed: an import breaks the layer order (the suite runs anyway)", flush=True)
        pytest = subprocess.run([sys.executable, "-m", "pytest", *sys.argv[1:]], stdin=subprocess.DEVNULL).returncode
    return pytest or (1 if ruff or layers else 0)


if __name__ == "__main__":
    sys.exit(main())
