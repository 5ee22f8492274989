"""Forms of the account pages: the second-factor code, the API token's name, and the admin
forms where the system administrator sets a password for someone (new account, password
reset): the password goes through accounts.services.passwords.password_set_by_admin, so the
owner must change it at the next login (等保三级)."""

from typing import Any

from django import forms
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm

from audit.context import current

from .services.passwords import password_set_by_admin


class AdminSetsPasswordMixin:
    def set_password_and_save(self, user: Any, commit: bool = True, **kwargs: Any) -> Any:
        if not self.cleaned_data.get("set_usable_password", True):  # type: ignore[attr-defined]
            return super().set_password_and_save(user, commit=commit, **kwargs)  # type: ignore[misc]
        raw = self.cleaned_data[kwargs.get("password_field_name", "password1")]  # type: ignore[attr-defined]
        return password_set_by_admin(actor=current().user, user=user, raw_password=raw, commit=commit)


class UserCreationByAdminForm(AdminSetsPasswordMixin, AdminUserCreationForm):
    pass


class PasswordSetByAdminForm(AdminSetsPasswordMixin, AdminPasswordChangeForm):
    pass


class CodeForm(forms.Form):
    code = forms.CharField(label="验证码", max_length=16, strip=True,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text",
                                                         "class": "form-control", "autofocus": True}))


class TokenForm(forms.Form):
    """The name of a new API token, as typed: the service checks it (required, length) and says why."""

    name = forms.CharField(required=False, strip=False)
