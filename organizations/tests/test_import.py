import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from audit.models import AuditAction, AuditEvent
from organizations.importing import import_commit, plan_import
from organizations.models import Organization

HEADERS = ["上级组织", "名称", "简称", "组织代码", "类型", "领域", "成立日期"]


def xlsx(rows, headers=HEADERS):
    wb = Workbook()
    wb.active.append(headers)
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


GOOD = [
    ["城关镇党委", "新华村党支部", "新华村", "N-1", "党支部", "村", "2019年7月1日"],
    ["N-1", "新华村第一党小组", "", "", "党小组", "", ""],
    ["T-A", "城关镇非公企业联合党支部", "", "N-2", "联合党支部", "非公企业", "２０２０/３/１"],
]


def test_dry_run_writes_nothing_and_plans_each_row(world):
    plan = plan_import(xlsx(GOOD), "orgs.xlsx", user=world.clerk_a)
    assert plan.errors == []
    assert [r.data["name"] for r in plan.to_create] == ["新华村党支部", "新华村第一党小组", "城关镇非公企业联合党支部"]
    assert not Organization.objects.filter(name="新华村党支部").exists()
    assert plan.to_create[2].data["established_on"].isoformat() == "2020-03-01"


def test_commit_creates_the_tree_with_audit(world):
    result = import_commit(plan_import(xlsx(GOOD), "orgs.xlsx", user=world.clerk_a), user=world.clerk_a)
    assert result == {"created": 3, "updated": 0, "unchanged": 0}
    group = Organization.objects.get(name="新华村第一党小组")
    assert group.get_parent().name == "新华村党支部"
    assert group.get_parent().get_parent().pk == world.town_a.pk
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, actor=world.clerk_a).count() == 3
    assert Organization.find_problems() == ([], [], [], [], [])


def test_reimport_is_idempotent_and_updates_changes(world):
    import_commit(plan_import(xlsx(GOOD), "orgs.xlsx", user=world.clerk_a), user=world.clerk_a)
    again = plan_import(xlsx(GOOD), "orgs.xlsx", user=world.clerk_a)
    assert (len(again.to_create), len(again.to_update), again.unchanged) == (0, 0, 3)
    changed = [list(GOOD[0]), *GOOD[1:]]
    changed[0][2] = "新华"
    plan = plan_import(xlsx(changed), "orgs.xlsx", user=world.clerk_a)
    assert import_commit(plan, user=world.clerk_a) == {"created": 0, "updated": 1, "unchanged": 2}
    assert Organization.objects.get(code="N-1").short_name == "新华"
    assert Organization.objects.filter(name="新华村党支部").count() == 1


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (["城关镇党委", "", "", "", "党支部", "村", ""], "名称", "必填"),
        (["不存在的党委", "甲支部", "", "", "党支部", "村", ""], "上级组织", "找不到上级组织"),
        (["石桥乡党委", "越权支部", "", "", "党支部", "村", ""], "上级组织", "不在您的管理范围内"),
        (["城关镇党委", "甲小组", "", "", "党小组", "", ""], "类型", "党小组只能设在"),
        (["城关镇党委", "甲支部", "", "", "党支部", "", ""], "领域", "必须填写所在领域"),
        (["城关镇党委", "甲支部", "", "", "支委", "村", ""], "类型", "不是可选值"),
        (["城关镇党委", "甲支部", "", "", "党支部", "村", "2019-02-30"], "成立日期", "不存在"),
        (["城关镇党委", "甲支部", "", "T-B1", "党支部", "村", ""], "组织代码", "范围以外"),
    ],
)
def test_each_bad_row_is_reported_in_chinese_and_nothing_is_written(world, row, column, message):
    plan = plan_import(xlsx([GOOD[0], row]), "orgs.xlsx", user=world.clerk_a)
    assert len(plan.errors) == 1
    error = plan.errors[0]
    assert (error["row"], error["column"]) == (3, column) and message in error["message"]
    with pytest.raises(Exception, match="导入文件有错误"):
        import_commit(plan, user=world.clerk_a)
    assert not Organization.objects.filter(name="新华村党支部").exists()


def test_duplicate_code_in_file(world):
    plan = plan_import(xlsx([GOOD[0], ["城关镇党委", "乙支部", "", "N-1", "党支部", "村", ""]]), "o.xlsx",
                       user=world.clerk_a)
    assert plan.errors[0]["message"] == "与第2行的组织代码重复。"


def test_missing_header_and_bad_file(world):
    plan = plan_import(xlsx([], headers=["名称"]), "orgs.xlsx", user=world.clerk_a)
    assert "缺少必填列" in plan.errors[0]["message"]
    plan = plan_import(io.BytesIO(b"x"), "orgs.txt", user=world.clerk_a)
    assert plan.errors[0]["column"] == "文件"


def test_csv_is_accepted(world):
    text = "上级组织,名称,类型,领域\n城关镇党委,新华村党支部,党支部,村\n"
    plan = plan_import(io.BytesIO(text.encode("utf-8")), "orgs.csv", user=world.clerk_a)
    assert plan.errors == [] and len(plan.to_create) == 1


def test_pages_preview_then_confirm(world, client_for):
    c = client_for(world.clerk_a)
    upload = xlsx(GOOD)
    upload.name = "orgs.xlsx"
    preview = c.post(reverse("organizations:import"), {"file": upload})
    assert "将新增 <strong>3</strong> 个" in preview.content.decode()
    assert not Organization.objects.filter(name="新华村党支部").exists()
    done = c.post(reverse("organizations:import"), {"token": preview.context["token"]})
    assert done.status_code == 302
    assert Organization.objects.filter(name="新华村党支部").exists()
    assert AuditEvent.objects.filter(action=AuditAction.IMPORT, actor=world.clerk_a).exists()


def test_preview_lists_errors_page(world, client_for):
    upload = xlsx([["石桥乡党委", "越权支部", "", "", "党支部", "村", ""]])
    upload.name = "orgs.xlsx"
    body = client_for(world.clerk_a).post(reverse("organizations:import"), {"file": upload}).content.decode()
    assert "未写入任何数据" in body and "不在您的管理范围内" in body


def test_token_of_another_user_is_useless(world, client_for):
    upload = xlsx(GOOD)
    upload.name = "orgs.xlsx"
    token = client_for(world.clerk_a).post(reverse("organizations:import"), {"file": upload}).context["token"]
    response = client_for(world.county_officer).post(reverse("organizations:import"), {"token": token})
    assert response.status_code == 302
    assert not Organization.objects.filter(name="新华村党支部").exists()


@pytest.mark.parametrize("persona", ["viewer_a", "nobody", "sysadmin", "auditor"])
def test_users_without_write_scope_are_refused(world, client_for, persona):
    c = client_for(getattr(world, persona))
    assert c.get(reverse("organizations:import")).status_code == 403
    assert c.get(reverse("organizations:import_template")).status_code == 403


def test_template_has_headers_and_guide(world, client_for):
    response = client_for(world.clerk_a).get(reverse("organizations:import_template"))
    wb = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in wb["党组织"][1]][:2] == ["*上级组织", "*名称"]
    assert wb["填写说明"].max_row > 5
    # the example row is skipped on import
    plan = plan_import(io.BytesIO(response.content), "t.xlsx", user=world.clerk_a)
    assert plan.total == 0 and plan.errors == []


def test_title_and_footer_rows_are_left_out_and_shown_as_notes(world, client_for):
    """An office file: a title row above the header and a 合计 row under the list are not rows of
    organizations — the shared check page lists them as notes, and the rows between import."""
    wb = Workbook()
    ws = wb.active
    ws.append(["城关镇党组织名单"])
    ws.append(HEADERS)
    for r in GOOD:
        ws.append(r)
    ws.append(["合计", "3个"])
    upload = io.BytesIO()
    wb.save(upload)
    upload.seek(0)
    upload.name = "orgs.xlsx"
    c = client_for(world.clerk_a)
    preview = c.post(reverse("organizations:import"), {"file": upload})
    body = preview.content.decode()
    assert "将新增 <strong>3</strong> 个" in body and "以下行未导入或已自动调整" in body
    assert preview.context["plan"].notes == [{"row": 2, "message": "表头在第2行，上方的标题行未导入。"},
                                             {"row": 6, "message": "“合计 3个”是合计或签字行，未导入。"}]
    assert "第6行：“合计 3个”是合计或签字行，未导入。" in body
    assert c.post(reverse("organizations:import"), {"token": preview.context["token"]}).status_code == 302
    assert Organization.objects.filter(code__in=["N-1", "N-2"]).count() == 2
