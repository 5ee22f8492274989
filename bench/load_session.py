"""Print a logged-in session key for a persona and the read-only paths of the load run.

    python -m bench.load_session [county]   →  line 1: session key, then one path a line"""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_ENV", "development")  # the demo data uses the public dev keys
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.db.models import Count
    from django.utils.module_loading import import_string

    from accounts.models import User
    from organizations.models import Organization
    from organizations.rules import BRANCH_KINDS

    user = User.objects.get(username=sys.argv[1] if len(sys.argv) > 1 else "county")
    store = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = next(b for b in settings.AUTHENTICATION_BACKENDS if "axes" not in b.lower())
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.set_expiry(3600)
    store.save()
    county = Organization.objects.filter(code__startswith="DEMO-C", depth=1).order_by("path").first()
    branch = (Organization.objects.filter(path__startswith=county.path, kind__in=BRANCH_KINDS)
              .annotate(n=Count("members")).order_by("-n", "path").first())
    print(store.session_key)
    for path in ("/dashboards/", f"/members/?org={branch.pk}", "/api/v1/members/",
                 f"/organizations/?ancestor={county.pk}"):
        print(path)


if __name__ == "__main__":
    main()
