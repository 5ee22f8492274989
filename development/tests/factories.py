"""Factories and a helper that walks a record through the procedure on valid dates."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from development import services
from development.choices import StepKind
from development.models import Applicant
from members.idcard import make_id

D = datetime.date
_seq = itertools.count(1)


def new_id(born: D = D(1995, 3, 8), sex: str = "male") -> str:
    return make_id("510102", born, next(_seq) * 2 + 1, sex)


def applicant(org: Any, actor: Any = None, *, applied_on: D = D(2020, 3, 2), born: D = D(1995, 3, 8),
              name: str = "张明", **extra: Any) -> Applicant:
    return services.applicant_create(organization=org, actor=actor, name=name, id_number=new_id(born),
                                     applied_on=applied_on, **extra)


# A valid path from an application on 2020-03-02 (a Monday) to full membership.
PATH: list[tuple[str, dict[str, Any]]] = [
    (StepKind.TALK, {"date": D(2020, 3, 20)}),
    (StepKind.ACTIVIST, {"date": D(2020, 4, 10)}),
    (StepKind.OBSERVATION, {"date": D(2020, 10, 10)}),
    (StepKind.CANDIDATE, {"date": D(2021, 4, 10)}),
    (StepKind.POLITICAL_REVIEW, {"date": D(2021, 5, 6)}),
    (StepKind.SHORT_TRAINING, {"start_date": D(2021, 5, 10), "date": D(2021, 5, 12)}),
    (StepKind.PUBLIC_NOTICE, {"start_date": D(2021, 5, 17), "date": D(2021, 5, 21)}),
    (StepKind.BRANCH_MEETING, {"date": D(2021, 5, 28)}),
    (StepKind.APPROVAL, {"date": D(2021, 6, 25)}),
    (StepKind.OATH, {"date": D(2021, 7, 1)}),
    (StepKind.FULL_MEETING, {"date": D(2022, 5, 30)}),
    (StepKind.FULL_APPROVAL, {"date": D(2022, 6, 20)}),
]


def advance(a: Applicant, *, through: str, actor: Any = None, approver: Any = None) -> Applicant:
    """Record the steps of PATH up to and including `through`."""
    for kind, data in PATH:
        who = approver if kind in (StepKind.APPROVAL, StepKind.FULL_APPROVAL) else actor
        services.step_record(applicant=a, actor=who, kind=kind, **data)
        if kind == through:
            break
    a.refresh_from_db()
    return a
