"""Applicants' personal data: the birth date is never shown beside the masked ID number, and
a duplicate ID number from another township is refused without saying where or whom."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from development import services
from members.idcard import mask_id

from .factories import D, applicant, new_id

URL = "/api/v1/development/applicants/"


def test_api_detail_and_audit_show_the_birth_year_only(world, client_for):
    a = applicant(world.branch_a1, world.secretary_a1, name="申请人甲")
    born = a.birth_date.isoformat()
    c = client_for(world.secretary_a1)
    row = c.get(URL).json()["results"][0]
    assert row["birth_year"] == a.birth_date.year and "birth_date" not in row and row["id_number"] == mask_id(a.id_number)
    assert born not in json.dumps(row)
    body = c.get(reverse("development:detail", args=[a.pk])).content.decode()
    assert born not in body and a.id_number not in body and mask_id(a.id_number) in body
    event = AuditEvent.objects.get(action=AuditAction.CREATE, content_type__model="applicant", object_id=str(a.pk))
    assert event.changes["birth_year"] == [None, a.birth_date.year]
    assert born not in json.dumps(event.changes) and a.id_number not in json.dumps(event.changes)


def test_duplicate_from_another_township_is_refused_neutrally(world):
    number = new_id()
    services.applicant_create(organization=world.branch_a1, actor=world.secretary_a1, name="甲某",
                              id_number=number, applied_on=D(2020, 3, 2))
    with pytest.raises(ValidationError) as exc:
        services.applicant_create(organization=world.branch_b1, actor=world.secretary_b1, name="甲某",
                                  id_number=number, applied_on=D(2020, 3, 2))
    text = str(exc.value)
    assert "无法登记" in text
    assert "发展党员流程" not in text and "柳树村" not in text and "城关镇" not in text
