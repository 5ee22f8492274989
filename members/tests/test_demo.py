import io

from members.demo import seed
from members.idcard import id_error
from members.models import Member
from members.rules import clean_member_data


def test_seed_is_valid_deterministic_and_idempotent(tree):
    seed(scale="small", rng_seed=7, stdout=io.StringIO())
    members = list(Member.objects.order_by("organization__path", "id"))
    assert 4 * 20 <= len(members) <= 4 * 30
    for m in members:
        assert id_error(m.id_number) is None
        _, errors = clean_member_data({"id_number": m.id_number, "birth_date": m.birth_date, "sex": m.sex,
                                       "join_date": m.join_date, "full_member_date": m.full_member_date,
                                       "category": m.category, "phone": m.phone})
        assert errors == {}, (m.name, errors)
    out = io.StringIO()
    seed(scale="small", rng_seed=7, stdout=out)
    assert Member.objects.count() == len(members) and "跳过" in out.getvalue()
    first = [(m.name, m.id_number) for m in members]
    Member.objects.all().delete()
    seed(scale="small", rng_seed=7, stdout=io.StringIO())
    assert [(m.name, m.id_number) for m in Member.objects.order_by("organization__path", "id")] == first
