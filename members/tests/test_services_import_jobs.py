"""Uploaded roll files hold plaintext ID numbers: they are deleted once a job is
imported, fails or is abandoned."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

import members.services.import_jobs as jobs
from members.choices import ImportStatus
from members.models import ImportJob, Member
from members.services.import_jobs import import_job_confirm, import_job_create, import_job_run, purge_import_files

from .test_services_importing import GOOD, xlsx


@pytest.fixture(autouse=True)
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def _job(user, rows=GOOD, tree=None):  # type: ignore[no-untyped-def]
    job = ImportJob(original_name="roll.xlsx", scope_path=tree.east.path, created_by=user)
    job.file.save("roll.xlsx", ContentFile(xlsx(rows).getvalue()), save=False)
    job.save()
    return job


def _stored(job):  # type: ignore[no-untyped-def]
    return list(django_settings.PRIVATE_MEDIA_ROOT.rglob("*.xlsx"))


def test_file_is_deleted_once_imported(tree, people, django_capture_on_commit_callbacks):
    job = _job(people.township, tree=tree)
    import_job_run(job_id=job.pk, commit=False)
    assert _stored(job), "a checked file waits for the confirmation"
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_run(job_id=job.pk, commit=True)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and not job.file and _stored(job) == []
    assert Member.objects.count() == 2


def test_file_with_errors_is_deleted_after_the_check(tree, people, django_capture_on_commit_callbacks):
    bad = [["张三", "11010519491231003X", "1975-07-01", "", "正式党员", "东村党支部", "", "", ""]]
    job = _job(people.township, rows=bad, tree=tree)
    with django_capture_on_commit_callbacks(execute=True):
        import_job_run(job_id=job.pk, commit=False)
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED and job.errors and not job.file and _stored(job) == []


def test_file_is_deleted_when_the_job_fails(tree, people, monkeypatch, django_capture_on_commit_callbacks):
    job = _job(people.township, tree=tree)

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("worker lost the file system")

    monkeypatch.setattr(jobs, "plan_import", broken)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        import_job_run(job_id=job.pk, commit=False)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and "出错" in job.errors[0]["message"] and _stored(job) == []


def test_unconfirmed_file_is_purged_after_a_day(tree, people, settings, django_capture_on_commit_callbacks):
    settings.JICENG_IMPORT_FILE_HOURS = 24
    job = _job(people.township, tree=tree)
    import_job_run(job_id=job.pk, commit=False)
    soon = timezone.now() + datetime.timedelta(hours=23)
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_import_files(now=soon) == 0
    assert _stored(job)
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_import_files(now=soon + datetime.timedelta(hours=2)) == 1
    job.refresh_from_db()
    assert job.status == ImportStatus.EXPIRED and not job.file and _stored(job) == []


def test_purge_also_clears_files_left_by_finished_jobs(tree, people, django_capture_on_commit_callbacks):
    job = _job(people.township, tree=tree)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.DONE)
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_import_files() == 1
    assert _stored(job) == []


def test_expired_job_cannot_be_confirmed(login, tree, people, django_capture_on_commit_callbacks):
    job = _job(people.township, tree=tree)
    import_job_run(job_id=job.pk, commit=False)
    with django_capture_on_commit_callbacks(execute=True):
        purge_import_files(now=timezone.now() + datetime.timedelta(days=2))
    client = login(people.township)
    response = client.post(reverse("members:import_confirm", args=[job.pk]), follow=True)
    assert Member.objects.count() == 0 and "只有检查无误" in response.content.decode()
    assert "已删除" in client.get(reverse("members:import_job", args=[job.pk])).content.decode()


def test_purge_runs_hourly_from_beat(settings):
    from config.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["members-purge-import-files"]
    assert entry["task"] == "members.tasks.purge_import_files" and entry["task"] in app.tasks


def test_job_being_processed_keeps_its_file_longer(tree, people, settings, django_capture_on_commit_callbacks):
    settings.JICENG_IMPORT_FILE_HOURS = 24
    job = _job(people.township, tree=tree)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.IMPORTING)
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_import_files(now=timezone.now() + datetime.timedelta(hours=30)) == 0
        assert purge_import_files(now=timezone.now() + datetime.timedelta(hours=49)) == 1
    job.refresh_from_db()
    assert job.status == ImportStatus.EXPIRED and _stored(job) == []


def test_task_delivered_again_after_the_import_leaves_the_job_done(tree, people, django_capture_on_commit_callbacks):
    job = _job(people.township, tree=tree)
    import_job_run(job_id=job.pk, commit=False)
    with django_capture_on_commit_callbacks(execute=True):
        import_job_run(job_id=job.pk, commit=True)
    again = import_job_run(job_id=job.pk, commit=True)
    assert again.status == ImportStatus.DONE and Member.objects.count() == 2


def test_a_writer_uploads_and_a_reader_cannot(tree, people):
    upload = SimpleUploadedFile("roll.xlsx", xlsx(GOOD).getvalue())
    with pytest.raises(PermissionDenied):
        import_job_create(file=upload, actor=people.viewer)
    job = import_job_create(file=upload, actor=people.township)
    job.refresh_from_db()  # checked on the page: the file is small
    assert (job.status, job.created_by, job.scope_path) == (ImportStatus.CHECKED, people.township, tree.east.path)
    assert Member.objects.count() == 0


def test_only_the_uploader_confirms_a_job(tree, people):
    job = import_job_run(job_id=_job(people.township, tree=tree).pk, commit=False)
    for other in (people.county, people.viewer):  # a writer over the branch too; a reader of it
        with pytest.raises(PermissionDenied):
            import_job_confirm(job=job, actor=other)
    import_job_confirm(job=job, actor=people.township)
    assert Member.objects.count() == 2


def test_a_job_with_errors_is_not_confirmed(tree, people):
    bad = [["张三", "11010519491231003X", "1975-07-01", "", "正式党员", "东村党支部", "", "", ""]]
    job = import_job_run(job_id=_job(people.township, rows=bad, tree=tree).pk, commit=False)
    with pytest.raises(ValidationError, match="只有检查无误"):
        import_job_confirm(job=job, actor=people.township)
    assert Member.objects.count() == 0
