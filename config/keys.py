"""Refuse to start outside development without real keys (settings fail closed).

The development secret key and data keys are in the public source: a deployment that
runs with them, or without keys, exposes sessions, CSRF tokens and the encrypted ID
numbers and phones. `config/settings.py` calls refuse_public_keys() unless
DJANGO_ENV=development.
"""

from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured


def refuse_public_keys(environ: Mapping[str, str], public_values: Mapping[str, str]) -> None:
    """Raise ImproperlyConfigured naming every variable that is missing or holds its public value."""
    missing = [name for name in public_values if not environ.get(name, "").strip()]
    public = [name for name, value in public_values.items()
              if environ.get(name, "").strip() and environ[name].strip() == value]
    if not missing and not public:
        return
    env = environ.get("DJANGO_ENV", "") or "（未设置 / unset）"
    lines = [f"拒绝启动：DJANGO_ENV={env} 不是开发环境（DJANGO_ENV=development），必须配置真实密钥。",
             f"Refusing to start: DJANGO_ENV={env} is not development, so real keys are required."]
    if missing:
        lines.append(f"  未设置 / not set: {', '.join(missing)}")
    if public:
        lines.append(f"  使用了公开的开发密钥 / public development value: {', '.join(public)}")
    lines.append("生成密钥 / generate keys: python -c \"import base64, secrets; "
                 "print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())\"")
    lines.append("开发机请显式设置 / on a development machine set: DJANGO_ENV=development（make run / make test 已设置）")
    raise ImproperlyConfigured("\n".join(lines))
