"""Settings fail closed: development defaults only with DJANGO_ENV=development, otherwise the
app refuses to start without real keys; seed_demo refuses outside development."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from core.testing import production_env

ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"
DEV_FIELD_KEY = "ZGV2LW9ubHktZmllbGQta2V5LWppY2VuZy0zMmJ5dGU="
DEV_BLIND_INDEX_KEY = "ZGV2LW9ubHktYmxpbmQtaW5kZXgta2V5LWppY2VuZy0="
KEYS = ("DJANGO_SECRET_KEY", "JICENG_FIELD_KEY", "JICENG_BLIND_INDEX_KEY")


def manage_check(env: dict[str, str]) -> subprocess.CompletedProcess:
    # The real settings module, not pytest's (config/settings_pytest.py).
    env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings"}
    return subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def without(env: dict[str, str], *names: str) -> dict[str, str]:
    return {k: v for k, v in env.items() if k not in names}


def test_real_keys_start():
    proc = manage_check(production_env())
    assert proc.returncode == 0, proc.stderr
    assert "no issues" in proc.stdout


@pytest.mark.parametrize("django_env", [None, "", "production", "prod", "Development", "staging", "test"])
def test_anything_but_development_refuses_without_keys(django_env):
    env = without(production_env(), "DJANGO_ENV", *KEYS)
    if django_env is not None:
        env["DJANGO_ENV"] = django_env
    proc = manage_check(env)
    assert proc.returncode != 0
    assert "拒绝启动" in proc.stderr and "Refusing to start" in proc.stderr
    for name in KEYS:
        assert name in proc.stderr


@pytest.mark.parametrize("name,public", [
    ("DJANGO_SECRET_KEY", DEV_SECRET_KEY),
    ("JICENG_FIELD_KEY", DEV_FIELD_KEY),
    ("JICENG_BLIND_INDEX_KEY", DEV_BLIND_INDEX_KEY),
])
def test_public_development_value_refused(name, public):
    proc = manage_check(production_env(**{name: public}))
    assert proc.returncode != 0
    assert "公开的开发密钥" in proc.stderr
    refused = proc.stderr.split("public development value:")[1].splitlines()[0]
    assert refused.strip() == name


@pytest.mark.parametrize("name", KEYS)
def test_each_key_is_required(name):
    proc = manage_check(without(production_env(), name))
    assert proc.returncode != 0
    assert proc.stderr.split("not set:")[1].splitlines()[0].strip() == name


def test_development_must_be_asked_for_and_then_uses_dev_defaults():
    env = without(production_env(), *KEYS)
    env["DJANGO_ENV"] = "development"
    code = "import config.settings as s; print(s.DEBUG, s.PRODUCTION, s.SECRET_KEY == %r)" % DEV_SECRET_KEY
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          env=without(env, "DJANGO_DEBUG"), timeout=60)
    assert proc.stdout.split() == ["True", "False", "True"], proc.stderr


def test_production_like_settings_without_debug():
    code = "import config.settings as s; print(s.DEBUG, s.PRODUCTION, s.SESSION_COOKIE_SECURE)"
    env = without(production_env(DJANGO_ENV="staging"), "DJANGO_DEBUG")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env, timeout=60)
    assert proc.stdout.split() == ["False", "True", "True"], proc.stderr


def test_seed_demo_refuses_outside_development(db, settings):
    from organizations.models import Organization

    settings.DEVELOPMENT = False
    with pytest.raises(CommandError, match="拒绝运行"):
        call_command("seed_demo")
    assert not Organization.objects.exists()
