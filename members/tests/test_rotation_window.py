"""While old keys are still configured (before `rotate_field_keys` has run), a person
indexed under an old key is still found and still counts as "already on the roll"."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from development.services import applicant_create
from members.models import Member
from members.services.importing import plan_import
from members.services.member import member_create

from .factories import MemberFactory, valid_id
from .keys import INDEX_A, INDEX_B, KEY_A, KEY_B, use_keys


@pytest.fixture
def rotating(tree, settings):  # type: ignore[no-untyped-def]
    """A member written under keys A; now B is current and A old."""
    use_keys(settings, KEY_A, INDEX_A)
    member = MemberFactory(organization=tree.b1, name="王红", birth_date=datetime.date(1949, 12, 31),
                           sex="female", id_number="11010519491231002X")
    use_keys(settings, KEY_B, INDEX_B, old_field=(KEY_A,), old_index=(INDEX_A,))
    return member


def test_second_active_record_of_the_same_person_is_refused(rotating, tree, people):
    with pytest.raises(ValidationError) as exc:
        member_create(organization=tree.b2, actor=people.county, name="王红", id_number="11010519491231002X",
                      join_date=datetime.date(1975, 7, 1), full_member_date=datetime.date(1976, 7, 1), category="full")
    assert "已有一条在册党员记录" in str(exc.value)


def test_editing_the_member_itself_is_not_a_duplicate(rotating, people):
    from members.services.member import member_update

    member_update(member=Member.objects.get(pk=rotating.pk), actor=people.county, occupation="退休")
    assert Member.objects.get(pk=rotating.pk).occupation == "退休"


def test_import_matches_the_record_indexed_under_the_old_key(rotating, people):
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "入党日期", "转正日期", "人员类别", "所在党支部"])
    ws.append(["王红", "11010519491231002X", "1975-07-01", "1976-07-01", "正式党员", "东村党支部"])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    plan = plan_import(buffer, "roll.xlsx", user=people.township)
    assert plan.errors == [] and plan.creates == [] and plan.unchanged + len(plan.updates) == 1


def test_second_open_application_of_the_same_person_is_refused(tree, people, settings):
    use_keys(settings, KEY_A, INDEX_A)
    number = valid_id()
    applicant_create(organization=tree.b1, actor=None, name="张明", id_number=number, applied_on=datetime.date(2020, 3, 2))
    use_keys(settings, KEY_B, INDEX_B, old_field=(KEY_A,), old_index=(INDEX_A,))
    with pytest.raises(ValidationError) as exc:
        applicant_create(organization=tree.b2, actor=people.county, name="张明", id_number=number,
                         applied_on=datetime.date(2020, 3, 2))
    assert "已在发展党员流程中" in str(exc.value)
    with pytest.raises(ValidationError) as exc:  # outside the actor's scope: refused, neutrally
        applicant_create(organization=tree.b2, actor=people.other_secretary, name="张明", id_number=number,
                         applied_on=datetime.date(2020, 3, 2))
    assert "无法登记" in str(exc.value)
