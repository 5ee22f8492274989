"""Every app has the same shape (docs/architecture.md, "One app skeleton"): the test walks the apps
and fails on drift — a file outside the skeleton, a `views_x.py` beside `views.py`, an app's
templates outside the app, a view or service module without its test module."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = sorted(p.parent.name for p in ROOT.glob("*/apps.py") if p.parent.name != "config")

SKELETON_FILES = {
    "__init__.py", "apps.py", "urls.py", "admin.py", "models.py", "querysets.py", "choices.py", "rules.py",
    "services.py", "selectors.py", "forms.py", "views.py", "tasks.py", "reminders.py", "demo.py", "signals.py",
    "middleware.py", "context_processors.py",
}
SKELETON_DIRS = {
    "models", "services", "selectors", "views", "api", "templates", "tests", "migrations", "management",
    "templatetags", "static",
}
# An app's own domain modules: pure logic of its domain (computation rules, formats, cryptography,
# registries it offers other apps) that is none of the skeleton's parts. Listed, so a new one is a
# decision written down here and in docs/architecture.md, never drift.
DOMAIN_MODULES: dict[str, set[str]] = {
    "accounts": {"scope", "two_factor"},
    "assessments": {"calculators"},
    "audit": {"context", "redact"},
    "committees": {"importing"},
    "core": {"bulkload", "dataversion", "exports", "files", "importing", "params", "registry", "scoping", "testing"},
    "dashboards": {"golive", "panels"},
    "demo": {"names", "tree"},
    "development": {"importing"},
    "dues": {"importing"},
    "home": set(),
    "meetings": {"compliance_sql", "importing", "periods"},
    "members": {"crypto", "idcard", "rollfile"},
    "organizations": {"importing"},
    "rectification": {"candidates"},
    "reminders": {"channels", "registry"},
    "workcalendar": {"importing"},
}

SPLIT_NAME = re.compile(r"^(views|services|selectors)_\w+$|^\w+_(views|services|selectors)$")


def drift(app: str) -> list[str]:
    base = ROOT / app
    problems: list[str] = []
    allowed = SKELETON_FILES | SKELETON_DIRS | DOMAIN_MODULES.get(app, set())
    for entry in sorted(base.iterdir()):
        if entry.name.startswith((".", "__pycache__")) or entry.name == "__pycache__":
            continue
        name = entry.name if entry.is_dir() else entry.name
        stem = entry.stem if entry.is_file() else entry.name
        if entry.is_file() and entry.suffix != ".py":
            problems.append(f"{app}/{name}: not a Python module")
        elif name not in allowed and stem not in allowed:
            problems.append(f"{app}/{name}: outside the skeleton (add it to a skeleton part, or list it as a domain module)")
    for py in base.rglob("*.py"):
        rel = py.relative_to(base)
        if rel.parts[0] in ("tests", "migrations"):
            continue
        if SPLIT_NAME.match(py.stem):
            problems.append(f"{app}/{rel}: a split module name; use a package ({py.stem.split('_')[0]}/) instead")
    templates = base / "templates"
    if templates.exists():
        extra = [p.name for p in templates.iterdir() if p.name != app]
        if extra:
            problems.append(f"{app}/templates/: holds {extra}; an app's templates live in {app}/templates/{app}/")
    if (ROOT / "templates" / app).exists():
        problems.append(f"templates/{app}/: move it into {app}/templates/{app}/")
    tests = base / "tests"
    for kind in ("views", "services"):
        modules: list[str] = []
        if (base / f"{kind}.py").exists():
            modules.append(f"test_{kind}.py")
        if (base / kind).is_dir():
            modules += [f"test_{kind}_{p.stem}.py" for p in (base / kind).glob("*.py") if p.stem != "__init__"]
        for module in modules:
            if not (tests / module).exists():
                problems.append(f"{app}/tests/{module}: missing (one test module per {kind} module)")
    return problems


@pytest.mark.parametrize("app", APPS)
def test_app_follows_the_skeleton(app: str) -> None:
    problems = drift(app)
    assert not problems, "\n".join(problems)
