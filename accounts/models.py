"""Accounts and role assignments. A user's scope is the union of the subtrees of the
organizations named in their active role assignments (see accounts/scope.py)."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_otp.models import Device

from core.scoping import scope_path_of  # the path a row is scoped by (core's: the data version reads it too)


class ScopedModel:
    """Mixin of a model with `scope_path_lookup`: its audit rows are filed under the path
    its scope follows (audit.services reads `audit_org_path()`), written once here. Defined
    here rather than in accounts.scope (which names it) so RoleAssignment can use it too."""

    scope_path_lookup: str

    def audit_org_path(self) -> str:
        return scope_path_of(self)


class Role(models.TextChoices):
    COUNTY_OFFICER = "county_officer", "县委组织部"
    TOWNSHIP_STAFF = "township_staff", "乡镇党建办"
    BRANCH_SECRETARY = "branch_secretary", "党支部书记"
    VIEWER = "viewer", "只读查看"
    # 等保三级: three-role separation; these two hold no party data.
    SYSADMIN = "sysadmin", "系统管理员"
    AUDITOR = "auditor", "审计员"


# Roles that reach party data (organizations, members, records) in their subtree.
PARTY_ROLES = {Role.COUNTY_OFFICER, Role.TOWNSHIP_STAFF, Role.BRANCH_SECRETARY, Role.VIEWER}
# Roles that may change party data in their subtree.
WRITE_ROLES = {Role.COUNTY_OFFICER, Role.TOWNSHIP_STAFF, Role.BRANCH_SECRETARY}
# Roles held without an organization.
GLOBAL_ROLES = {Role.SYSADMIN, Role.AUDITOR}


# 等保三级 三员分立: the system administrator and the auditor each hold that role alone; neither
# goes together with the other nor with any Party role (the trigger of accounts 0002 enforces it too).
def separation_error(role: str, other_roles: set[str]) -> str | None:
    """Why an account holding `other_roles` (active) may not also hold `role`, or None."""
    others = {r for r in other_roles if r != role}
    if not others:
        return None
    if role in GLOBAL_ROLES or others & GLOBAL_ROLES:
        names = "、".join(Role(r).label for r in sorted(others | {role}))
        return f"三员分立：系统管理员、审计员不能与其他角色由同一账号兼任（{names}）。"
    return None


class User(AbstractUser):
    """A person who logs in. Chinese names are kept whole in `full_name`."""

    full_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    # 等保三级 password policy (accounts/services/passwords.py): expiry counts from here, and a
    # password an administrator set must be changed at the next login.
    password_changed_at = models.DateTimeField("密码修改时间", default=timezone.now)
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def set_password(self, raw_password: str | None) -> None:
        """Every new password restarts the expiry clock; whoever sets it for someone else
        raises `must_change_password` afterwards (accounts.services.passwords.password_set_by_admin)."""
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()
        self.must_change_password = False


class RoleAssignment(ScopedModel, models.Model):
    """A (role, organization) pair held by a user. Party roles need an organization;
    the system administrator and the auditor hold none. Its audit rows are filed under that
    organization (none for a global role): `scope_path_lookup`."""

    scope_path_lookup = "organization__path"

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField("角色", max_length=32, choices=Role.choices)
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="组织", null=True, blank=True,
        on_delete=models.PROTECT, related_name="role_assignments",
    )
    is_active = models.BooleanField("有效", default=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="授权人", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    created_at = models.DateTimeField("授权时间", auto_now_add=True)

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organization"], name="roleassignment_unique",
                violation_error_message="该用户已在该组织拥有此角色。",
            ),
            models.CheckConstraint(
                condition=(Q(role__in=sorted(r.value for r in GLOBAL_ROLES)) & Q(organization__isnull=True))
                | (~Q(role__in=sorted(r.value for r in GLOBAL_ROLES)) & Q(organization__isnull=False)),
                name="roleassignment_org_matches_role",
                violation_error_message="党务角色必须指定组织；系统管理员和审计员不指定组织。",
            ),
        ]

    def __str__(self) -> str:
        where = f" @ {self.organization}" if self.organization_id else ""
        return f"{self.user} · {self.get_role_display()}{where}"

    def clean(self) -> None:
        if not self.is_active or not self.user_id:
            return
        if self.granted_by_id is not None and self.granted_by_id == self.user_id:
            raise ValidationError("不能给自己的账号授予角色。")
        others = set(
            RoleAssignment.objects.filter(user_id=self.user_id, is_active=True)
            .exclude(pk=self.pk).values_list("role", flat=True)
        )
        message = separation_error(self.role, others)
        if message:
            raise ValidationError({"role": message})


class RecoveryCodeDevice(Device):
    """The one-time recovery codes of a user, as a django-otp device so that a session
    verified by one counts as verified. The codes are stored hashed (RecoveryCode)."""

    class Meta:
        verbose_name = "恢复码"
        verbose_name_plural = "恢复码"

    def verify_token(self, token: str) -> bool:
        from .two_factor import recovery_code_use

        return recovery_code_use(device=self, code=token)


class RecoveryCode(models.Model):
    """One recovery code, kept as salted SHA-256 (a code is 50 random bits and used once,
    so a slow hash buys nothing). `used_at` is set when it is spent."""

    device = models.ForeignKey(RecoveryCodeDevice, verbose_name="恢复码设备", on_delete=models.CASCADE,
                               related_name="codes")
    salt = models.CharField("盐", max_length=32)
    code_hash = models.CharField("摘要", max_length=64)
    used_at = models.DateTimeField("使用时间", null=True, blank=True)

    class Meta:
        verbose_name = "恢复码"
        verbose_name_plural = "恢复码"

    def __str__(self) -> str:
        return f"{self.device.user} · {'已使用' if self.used_at else '未使用'}"


class UserSession(models.Model):
    """A logged-in session of a user, so that concurrent sessions can be listed and ended
    (等保三级). The session itself lives in the session store under `session_key`."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE,
                             related_name="sessions")
    session_key = models.CharField("会话标识", max_length=40, unique=True)
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    user_agent = models.CharField("浏览器", max_length=300, blank=True)
    created_at = models.DateTimeField("登录时间", auto_now_add=True)
    last_seen = models.DateTimeField("最近活动", default=timezone.now)

    class Meta:
        verbose_name = "登录会话"
        verbose_name_plural = "登录会话"
        ordering = ["-last_seen"]

    def __str__(self) -> str:
        return f"{self.user} · {self.ip or '—'} · {self.created_at:%Y-%m-%d %H:%M}"

class ApiToken(models.Model):
    """A personal API token, named by its owner ("数据对接"). Only the SHA-256 digest of the
    secret is stored; the owner sees `<prefix>.<secret>` once, at creation, and the prefix after.
    A token works while it is neither revoked nor expired (absolute and idle expiry, see
    accounts/services/tokens.py) and its owner is active and holds an active role."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("名称", max_length=50)
    prefix = models.CharField("前缀", max_length=8, unique=True, help_text="令牌的前 8 位，用于识别，不是密钥")
    digest = models.CharField("摘要", max_length=64, unique=True, help_text="整个令牌的 SHA-256")
    created_at = models.DateTimeField("签发时间", auto_now_add=True)
    expires_at = models.DateTimeField("到期时间")
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    revoked_reason = models.CharField("吊销原因", max_length=40, blank=True)
    # Refused uses (expired, revoked) are audited at most once a day per token: compare-and-set on this.
    refusal_audited_on = models.DateField("拒绝使用已记审计", null=True, blank=True)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"接口令牌「{self.name}」({self.prefix})"
