"""Scoping and common filters of the roll. Scope goes through accounts.scope only."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q

from accounts.scope import Action, ScopedQuerySet, scope_q

from .choices import ACTIVE_STATUSES, AGE_BAND_LIMITS
from .crypto import blind_indexes
from .idcard import id_error, normalize_id


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_band_q(band: str, today: datetime.date) -> Q:
    """Members whose whole-year age on `today` falls in the band."""
    low, high = AGE_BAND_LIMITS[band]
    q = Q(birth_date__lte=_years_before(today, low))
    if high is not None:
        # older than high years means born on or before today - (high + 1) years
        q &= Q(birth_date__gt=_years_before(today, high + 1))
    return q


class PersonQuerySet(ScopedQuerySet):
    """The people on a branch's books (models.PersonRecord): members, applicants."""

    def under(self, path: str) -> "PersonQuerySet":
        return self.filter(organization__path__startswith=path)


class MemberQuerySet(PersonQuerySet):
    def active(self) -> "MemberQuerySet":
        return self.filter(status__in=ACTIVE_STATUSES)

    def search(self, text: str) -> "MemberQuerySet":
        """Exact ID number through the blind index (under the current key and, during a key
        rotation, the old ones), otherwise a name fragment."""
        value = normalize_id(text)
        if len(value) == 18 and id_error(value) is None:
            return self.filter(id_number_index__in=blind_indexes(value))
        return self.filter(name__icontains=text.strip())

    def age_band(self, band: str, today: datetime.date | None = None) -> "MemberQuerySet":
        return self.filter(age_band_q(band, today or datetime.date.today()))


class TransferQuerySet(ScopedQuerySet):
    def for_user(self, user: Any, action: Action = "view") -> "TransferQuerySet":
        """Both sides of a transfer see it: the sending and the receiving branch."""
        return self.filter(scope_q(user, "from_org__path", action) | scope_q(user, "to_org__path", action))
