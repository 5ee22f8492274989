"""The audit trail: an append-only record of every write to party data, every export,
every reveal of personal data and every login. Database triggers (migrations 0002, 0003)
refuse UPDATE, DELETE and TRUNCATE on the table, so the application cannot alter history."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from .redact import shown


class AuditAction(models.TextChoices):
    CREATE = "create", "新增"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    MOVE = "move", "移动"
    DISSOLVE = "dissolve", "撤销"
    RESTORE = "restore", "恢复"
    EXPORT = "export", "导出"
    IMPORT = "import", "导入"
    REVEAL = "reveal", "查看敏感信息"
    LOGIN = "login", "登录成功"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOGOUT = "logout", "退出登录"
    GRANT = "grant", "授予角色"
    REVOKE = "revoke", "撤销角色"
    PASSWORD_SET = "password_set", "设置密码"


class AuditEvent(models.Model):
    """One thing someone did. `org_path` is the materialized path of the organization the
    object belongs to, so county and township users can read the history of their subtree."""

    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    actor_username = models.CharField("操作人账号", max_length=150, blank=True)
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    source = models.CharField("来源", max_length=20, default="web")
    action = models.CharField("操作", max_length=20, choices=AuditAction.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name="对象类型", null=True, blank=True, on_delete=models.PROTECT
    )
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=255, blank=True)
    org_path = models.CharField("所属组织路径", max_length=255, blank=True, db_index=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)
    extra = models.JSONField("附加信息", default=dict, blank=True)

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_object_idx"),
            # prefix search (LIKE 'path%') for subtree history
            models.Index(fields=["org_path"], name="audit_org_path_like", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_username} {self.get_action_display()} {self.object_repr}"

    @property
    def shown_changes(self) -> dict:
        """`changes` as pages and exports show it (audit.redact: old rows hold more than masks)."""
        return shown(self.changes)

    @property
    def shown_extra(self) -> dict:
        return shown(self.extra)
