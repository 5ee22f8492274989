"""The shared import page (core.importing.page): upload → check → stage → confirm → commit."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from core.tests import import_page_urls as toy

pytestmark = [pytest.mark.django_db, pytest.mark.urls("core.tests.import_page_urls")]


@pytest.fixture(autouse=True)
def _toy_templates(settings):  # type: ignore[no-untyped-def]
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], Path(__file__).parent / "templates"]
    settings.TEMPLATES = templates
    toy.COMMITTED.clear()


def _client(client, username: str = "keeper"):  # type: ignore[no-untyped-def]
    client.force_login(User.objects.create_user(username=username, password="x"))
    return client


def _csv(text: str, name: str = "toy.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_get_shows_the_upload_form_with_the_kinds_fields(client) -> None:  # type: ignore[no-untyped-def]
    body = _client(client).get("/toy/import/").content.decode()
    assert 'name="file"' in body and 'name="batch"' in body and "上传并检查" in body and "确认导入" not in body


def test_bad_rows_are_all_listed_and_nothing_is_staged(client) -> None:  # type: ignore[no-untyped-def]
    c = _client(client)
    r = c.post("/toy/import/", {"batch": "b1", "file": _csv("名称,数量\n甲,1\n乙,x\n丙,y\n")})
    body = r.content.decode()
    assert r.status_code == 200 and "发现 2 处错误，未写入任何数据" in body
    assert body.count("数量应为整数") == 2 and r.context["token"] == "" and 'name="token"' not in body
    assert toy.COMMITTED == []


def test_a_clean_file_is_staged_then_committed_once(client) -> None:  # type: ignore[no-untyped-def]
    c = _client(client)
    r = c.post("/toy/import/", {"batch": "b1", "file": _csv("名称,数量\n甲,1\n乙,2\n")})
    body = r.content.decode()
    assert "将导入 <strong>2</strong> 行" in body and "确认导入 2 行吗？" in body and toy.COMMITTED == []
    token = r.context["token"]
    r = c.post("/toy/import/", {"token": token})
    assert r.status_code == 302 and r["Location"] == "/toy/done/"
    assert toy.COMMITTED == [[("甲", 1), ("乙", 2)]]
    assert [str(m) for m in get_messages(r.wsgi_request)] == ["已导入 2 行（批次 b1）。"]
    # the token is spent: confirming again commits nothing and says the upload expired
    r = c.post("/toy/import/", {"token": token})
    assert r.status_code == 302 and r["Location"] == "/toy/import/" and len(toy.COMMITTED) == 1
    assert [str(m) for m in get_messages(r.wsgi_request)][-1] == "上传的文件已过期，请重新上传。"


def test_a_refused_commit_shows_why_and_keeps_the_token(client) -> None:  # type: ignore[no-untyped-def]
    c = _client(client)
    token = c.post("/toy/import/", {"batch": "fail", "file": _csv("名称,数量\n甲,1\n")}).context["token"]
    r = c.post("/toy/import/", {"token": token})
    body = r.content.decode()
    assert "导入未完成，未写入任何数据：批次已关闭" in body and r.context["token"] == token and toy.COMMITTED == []


def test_the_staged_file_belongs_to_its_uploader(client, django_user_model) -> None:  # type: ignore[no-untyped-def]
    c = _client(client)
    token = c.post("/toy/import/", {"batch": "b1", "file": _csv("名称,数量\n甲,1\n")}).context["token"]
    c.force_login(django_user_model.objects.create_user(username="other", password="x"))
    r = c.post("/toy/import/", {"token": token})
    assert r.status_code == 302 and toy.COMMITTED == []


def test_too_large_missing_file_and_forbidden_user(client) -> None:  # type: ignore[no-untyped-def]
    c = _client(client)
    r = c.post("/toy/import/", {"batch": "b1", "file": _csv("名称,数量\n" + "甲,1\n" * 100)})
    assert "文件超过 200 字节。" in r.content.decode() and 'name="token"' not in r.content.decode()
    r = c.post("/toy/import/", {"batch": "b1"})
    assert "请选择要上传的 .xlsx、.xls、.xlsb、.ods、.et 或 .csv 文件。" in r.content.decode()
    assert _client(client, "reader").get("/toy/import/").status_code == 403


def test_anonymous_users_are_sent_to_sign_in(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/toy/import/")
    assert r.status_code == 302 and "login" in r["Location"]


def test_the_staged_file_is_sealed_in_the_cache_and_opened_only_by_its_token(rf, world) -> None:  # type: ignore[no-untyped-def]
    """A history file may hold ID numbers: the cache keeps it encrypted under a key that only the
    token carries (core.importing.staging)."""
    from django.core.cache import cache

    from core.importing.staging import stage, staged, unstage

    request = rf.get("/")
    request.user = world.clerk_a
    payload = ("roll.xlsx", b"110105198503071234", {})
    token = stage(request, "toy", payload)
    ident = token.partition(".")[0]
    sealed = cache.get(f"toy:{world.clerk_a.pk}:{ident}")
    assert isinstance(sealed, bytes) and b"110105198503071234" not in sealed
    assert staged(request, "toy", token) == payload
    assert staged(request, "toy", ident + "." + "A" * 43 + "=") is None  # another key
    assert staged(request, "toy", ident) is None and staged(request, "other", token) is None
    request.user = world.clerk_b
    assert staged(request, "toy", token) is None  # another user
    request.user = world.clerk_a
    unstage(request, "toy", token)
    assert staged(request, "toy", token) is None
