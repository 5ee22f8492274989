"""The system administrator's pages: user accounts and role assignments, nothing of
party data (等保三级 three-role separation). Every write goes through accounts.services,
which enforces 三员分立 and writes the audit row; bulk actions are audited row by row."""

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect

from audit.context import current
from audit.services import snapshot

from .forms import PasswordSetByAdminForm, UserCreationByAdminForm
from .models import RoleAssignment, User, separation_error
from .services import roles as services

admin.site.site_header = "基层党建 · 系统管理"
admin.site.site_title = "基层党建系统管理"
admin.site.index_title = "账号与角色"

_site_has_permission = admin.site.has_permission


def _only_the_sysadmin(request: Any) -> bool:
    # A staff flag alone does not open /sysadmin/: the account must be the system administrator.
    return _site_has_permission(request) and services.can_manage_accounts(request.user)


admin.site.has_permission = _only_the_sysadmin  # type: ignore[method-assign]


class AuditedPasswordChangeForm(PasswordSetByAdminForm):
    """The admin's password form, saved through the audited service (actor: the request's user);
    the owner must change the password at the next login (PasswordSetByAdminForm)."""

    def save(self, commit: bool = True) -> Any:
        parent_save = super().save
        services.user_password_set(actor=current().user, user=self.user, save=lambda: parent_save(commit))
        return self.user


class ActorFormMixin:
    """Assignment forms know who is saving them, so a self-grant is refused as a form error
    (the 三员分立 rules of RoleAssignment.clean run in the model validation as usual)."""

    actor: Any = None

    def clean(self) -> Any:
        data = super().clean()  # type: ignore[misc]
        instance = self.instance  # type: ignore[attr-defined]
        for name in ("user", "role", "organization", "is_active"):
            if name in data:
                setattr(instance, name, data[name])
        message = services.self_grant_error(actor=self.actor, assignment=instance)
        if message:
            raise ValidationError(message)
        return data


class RoleAssignmentFormSet(BaseInlineFormSet):
    """The inline grants of one account, checked together: two rows of one submission must
    not break 三员分立 between them either."""

    def clean(self) -> None:
        super().clean()
        roles = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("role") and data.get("is_active") and not data.get("DELETE"):
                roles.add(data["role"])
        for role in roles:
            message = separation_error(role, roles)
            if message:
                raise ValidationError(message)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["organization"]
    readonly_fields = ["granted_by", "created_at"]
    formset = RoleAssignmentFormSet

    def get_formset(self, request: Any, obj: Any = None, **kwargs: Any) -> Any:
        form = type("RoleAssignmentInlineForm", (ActorFormMixin, self.form), {"actor": request.user})
        return super().get_formset(request, obj, form=form, **kwargs)


class RefusalAsMessageMixin:
    """A write the services refuse after the forms passed (a race, a rule only the database
    sees) undoes the whole submission and comes back as a message, not as a server error."""

    def changeform_view(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            with transaction.atomic():
                return super().changeform_view(request, *args, **kwargs)  # type: ignore[misc]
        except (ValidationError, PermissionDenied, IntegrityError) as exc:
            text = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc).splitlines()[0]
            messages.error(request, f"未保存：{text}")
            return HttpResponseRedirect(request.get_full_path())


@admin.register(User)
class UserAdmin(RefusalAsMessageMixin, BaseUserAdmin):
    list_display = ["username", "full_name", "phone", "is_active", "last_login"]
    search_fields = ["username", "full_name", "phone"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("full_name", "phone", "email")}),
        ("状态", {"fields": ("is_active", "is_staff", "last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "full_name", "password1", "password2")}),)
    readonly_fields = ["last_login", "date_joined"]
    inlines = [RoleAssignmentInline]
    # 等保: a password the administrator sets must be changed by its owner at the next login
    add_form = UserCreationByAdminForm
    change_password_form = AuditedPasswordChangeForm

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        before = snapshot(User.objects.get(pk=obj.pk)) if change else None
        services.user_save(actor=request.user, user=obj, before=before)

    def save_formset(self, request: Any, form: Any, formset: Any, change: bool) -> None:
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            services.role_assignment_delete(actor=request.user, assignment=obj)
        for obj in instances:
            services.role_assignment_save(actor=request.user, assignment=obj)
        formset.save_m2m()

    def delete_model(self, request: Any, obj: Any) -> None:
        services.user_delete(actor=request.user, user=obj)

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        with transaction.atomic():
            for user in queryset:
                services.user_delete(actor=request.user, user=user)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(RefusalAsMessageMixin, admin.ModelAdmin):
    list_display = ["user", "role", "organization", "is_active", "created_at"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "user__full_name", "organization__name"]
    autocomplete_fields = ["user", "organization"]
    readonly_fields = ["granted_by", "created_at"]

    def get_form(self, request: Any, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        return type("RoleAssignmentAdminForm", (ActorFormMixin, form), {"actor": request.user})

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        services.role_assignment_save(actor=request.user, assignment=obj)

    def delete_model(self, request: Any, obj: Any) -> None:
        services.role_assignment_delete(actor=request.user, assignment=obj)

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        with transaction.atomic():
            for assignment in queryset:
                services.role_assignment_delete(actor=request.user, assignment=assignment)
