"""`manage.py check --deploy` is clean with the production settings."""

import subprocess
import sys
from pathlib import Path

from core.testing import production_env

ROOT = Path(__file__).resolve().parent.parent


def test_check_deploy_has_no_issues():
    env = production_env()
    for name in ("DJANGO_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # the browser tests set the latter
        env.pop(name, None)
    proc = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "0 issues" in output or "no issues" in output, output
