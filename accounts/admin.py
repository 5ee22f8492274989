"""The system administrator's pages: user accounts and role assignments, nothing of
party data (等保三级 three-role separation). Every change is audited."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from audit.models import AuditAction
from audit.services import audit_record, diff, snapshot

from .admin_forms import PasswordSetByAdminForm, UserCreationByAdminForm
from .models import RoleAssignment, User

admin.site.site_header = "基层党建 · 系统管理"
admin.site.site_title = "基层党建系统管理"
admin.site.index_title = "账号与角色"


class AuditedAdminMixin:
    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        action = AuditAction.UPDATE if change else AuditAction.CREATE
        if isinstance(obj, RoleAssignment):
            action = AuditAction.GRANT if obj.is_active else AuditAction.REVOKE
        audit_record(action=action, obj=obj, actor=request.user, changes=diff(before, snapshot(obj)))

    def delete_model(self, request: Any, obj: Any) -> None:
        audit_record(action=AuditAction.DELETE, obj=obj, actor=request.user, changes=diff(snapshot(obj), {}))
        super().delete_model(request, obj)  # type: ignore[misc]


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["organization"]
    readonly_fields = ["granted_by", "created_at"]


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
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
    change_password_form = PasswordSetByAdminForm

    def save_formset(self, request: Any, form: Any, formset: Any, change: bool) -> None:
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            audit_record(action=AuditAction.REVOKE, obj=obj, actor=request.user, changes=diff(snapshot(obj), {}))
            obj.delete()
        for obj in instances:
            if obj.pk is None:
                obj.granted_by = request.user
            obj.save()
            audit_record(action=AuditAction.GRANT if obj.is_active else AuditAction.REVOKE, obj=obj,
                         actor=request.user, changes=snapshot(obj))
        formset.save_m2m()


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "role", "organization", "is_active", "created_at"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "user__full_name", "organization__name"]
    autocomplete_fields = ["user", "organization"]
