"""The page base views: one scoping call; 404 outside, 403 read-only, lists scoped, exports audited."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.views import View

from audit.models import AuditAction, AuditEvent
from core.views import ScopedListView, ScopedObjectMixin, scoped_object
from organizations.models import Organization

pytestmark = pytest.mark.django_db


class OrgPage(ScopedObjectMixin, View):
    model = Organization

    def get(self, request, pk):  # type: ignore[no-untyped-def]
        return HttpResponse(self.get_object().name)


class OrgEditPage(OrgPage):
    action = "change"


@scoped_object(Organization, "change")
def org_edit(request, org):  # type: ignore[no-untyped-def]
    return HttpResponse(org.name)


class NameForm(forms.Form):
    q = forms.CharField(required=False)


class OrgList(ScopedListView):
    model = Organization
    template_name = "base.html"
    filter_form_class = NameForm
    ordering = ("path",)
    paginate_by = 2
    export_filename = "组织"
    export_headers = ("名称",)

    def filter_queryset(self, qs, cleaned):  # type: ignore[no-untyped-def]
        return qs.filter(name__contains=cleaned["q"]) if cleaned.get("q") else qs

    def export_row(self, obj):  # type: ignore[no-untyped-def]
        return [obj.name]

    def get_context_data(self, **context):  # type: ignore[no-untyped-def]
        self.context = context
        return context


def _get(user, path="/x/", **params):  # type: ignore[no-untyped-def]
    request = RequestFactory().get(path, params)
    request.user = user
    return request


def test_object_outside_the_scope_is_404(world) -> None:
    with pytest.raises(Http404):
        OrgPage.as_view()(_get(world.clerk_b), pk=world.branch_a1.pk)
    with pytest.raises(Http404):
        org_edit(_get(world.clerk_b), pk=world.branch_a1.pk)
    with pytest.raises(Http404):
        OrgPage.as_view()(_get(world.clerk_a), pk="abc")


def test_read_only_viewer_gets_403_on_change_but_may_read(world) -> None:
    assert OrgPage.as_view()(_get(world.viewer_a), pk=world.branch_a1.pk).content.decode() == world.branch_a1.name
    with pytest.raises(PermissionDenied):
        OrgEditPage.as_view()(_get(world.viewer_a), pk=world.branch_a1.pk)
    with pytest.raises(PermissionDenied):
        org_edit(_get(world.viewer_a), pk=world.branch_a1.pk)
    assert org_edit(_get(world.clerk_a), pk=world.branch_a1.pk).content.decode() == world.branch_a1.name


def test_list_is_the_users_scope_filtered_and_paginated(world) -> None:
    view = OrgList()
    request = _get(world.viewer_a, page="2", q="党")
    view.setup(request)
    assert view.get(request).status_code == 200
    page = view.context["page"]
    names = {o.name for o in page.paginator.object_list}
    assert names == {world.town_a.name, world.branch_a1.name, world.branch_a2.name, world.group_a1.name}
    assert world.branch_b1.name not in names and world.county.name not in names
    assert page.number == 2 and page.paginator.per_page == 2
    assert view.context["query"] == "q=%E5%85%9A"  # the pager keeps the filters, not the page
    assert view.context["form"].cleaned_data == {"q": "党"}


def test_nobody_lists_nothing(world) -> None:
    view = OrgList()
    request = _get(world.nobody)
    view.setup(request)
    view.get(request)
    assert view.context["page"].paginator.count == 0


def test_export_is_scoped_and_audited(world) -> None:
    response = OrgList.as_view()(_get(world.clerk_b, export="xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=world.clerk_b).get()
    assert event.extra["file"] == "组织"
    assert event.extra["rows"] == Organization.objects.for_user(world.clerk_b).count() == 2
    assert event.extra["filters"] == {"export": "xlsx"}


def test_anonymous_is_sent_to_login(world) -> None:
    from django.contrib.auth.models import AnonymousUser

    response = OrgList.as_view()(_get(AnonymousUser()))
    assert response.status_code == 302


def test_audit_org_path_follows_the_scope_lookup(world) -> None:
    from accounts.scope import ScopedModel, scope_path_of
    from committees.models import CommitteePost, Term
    from meetings.models import Requirement

    assert world.branch_a1.audit_org_path() == world.branch_a1.path
    term = Term(organization=world.branch_a1)
    assert term.audit_org_path() == world.branch_a1.path
    assert CommitteePost(term=term).audit_org_path() == world.branch_a1.path  # two links deep
    assert Requirement(scope=None).audit_org_path() == ""  # an empty link: no path
    assert issubclass(CommitteePost, ScopedModel) and scope_path_of(term) == world.branch_a1.path


@scoped_object(Organization, pk_url_kwarg="org_pk", url_filters={"depth": "depth"})
def org_at_depth(request, org, depth):  # type: ignore[no-untyped-def]
    return HttpResponse(f"{org.name}@{depth}")


def test_url_filters_match_the_object_against_other_url_arguments(world) -> None:
    request = _get(world.clerk_a)
    assert org_at_depth(request, org_pk=world.branch_a1.pk, depth=3).content.decode() == "柳树村党支部@3"
    with pytest.raises(Http404):
        org_at_depth(request, org_pk=world.branch_a1.pk, depth=2)  # in scope, but not the URL's
    with pytest.raises(Http404):
        org_at_depth(_get(world.clerk_b), org_pk=world.branch_a1.pk, depth=3)  # outside the scope
