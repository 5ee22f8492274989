"""pytest's settings module (pyproject.toml): the development settings, asked for explicitly.

Settings fail closed (config/keys.py): without DJANGO_ENV=development they refuse the public
keys. `scripts/test.py` sets DJANGO_ENV; this covers a bare `pytest`, which imports settings
before any conftest runs. Child processes of the tests inherit the variable from os.environ.
Never deploy with this module.
"""

import os
import sys

if "pytest" in sys.modules:
    os.environ.setdefault("DJANGO_ENV", "development")

from config.settings import *  # noqa: E402, F403
