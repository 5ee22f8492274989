import datetime

from rectification import services
from rectification.selectors import items_due

from .conftest import close_measure


def test_items_due_returns_open_measures_near_or_past_deadline(world, problem, measure):
    today = datetime.date.today()
    late = services.measure_add(problem=problem, description="逾期措施", responsible_person="王五",
                                deadline=today - datetime.timedelta(days=3), actor=world.clerk_a)
    done = services.measure_add(problem=problem, description="已销号", responsible_person="赵六",
                                deadline=today, actor=world.clerk_a)
    close_measure(world, done)
    services.leader_add(entry=problem.rectification, role="township_secretary", name="周书记", start_on=today,
                        actor=world.clerk_a)
    due = list(items_due(on=today, within_days=7))
    assert [m.description for m in due] == ["逾期措施"]
    assert due[0].responsible_person == "王五" and due[0].rectification.organization.name == "柳树村党支部"
    assert [ld.name for ld in due[0].rectification.leaders.all()] == ["周书记"]
    assert {m.pk for m in items_due(on=today, within_days=30)} == {late.pk, measure.pk}
