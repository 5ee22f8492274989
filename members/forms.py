from __future__ import annotations

import datetime
from typing import Any, Callable, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from core.forms import apply_errors
from core.forms import style_form as _style
from core.importing.page import UploadForm as ImportUploadForm
from core.importing.reader import EXTENSIONS, EXTENSIONS_TEXT, FileFormatError, check_file_size
from organizations.forms import DateInput
from organizations.models import Organization
from organizations.rules import Kind

from .choices import AgeBand, Category, Education, MemberStatus, Sex
from .models import Member
from .rules import EDITABLE_FIELDS, EDITABLE_STATUSES

T = TypeVar("T")


def posted(request: HttpRequest, form: forms.BaseForm, write: Callable[[dict[str, Any]], T]) -> T | None:
    """A page's form sent to its write service: the service's result when the form was posted,
    is valid and the service accepted it; otherwise None, with the service's ValidationError
    shown on the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return write(form.cleaned_data)
    except ValidationError as exc:
        apply_errors(form, exc)
        return None


class MemberForm(forms.ModelForm):
    id_number = forms.CharField(label="公民身份号码", max_length=30)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)

    class Meta:
        model = Member
        fields = list(EDITABLE_FIELDS)
        widgets = {"birth_date": DateInput(), "join_date": DateInput(), "full_member_date": DateInput(),
                   "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, branch: Organization | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "party_group" in self.fields:
            self.fields["party_group"].queryset = Organization.objects.filter(
                path__startswith=branch.path, depth=branch.depth + 1, kind=Kind.PARTY_GROUP)
        if "status" in self.fields:
            self.fields["status"].choices = [(s.value, s.label) for s in EDITABLE_STATUSES]
        for name in ("sex", "birth_date"):
            if name not in self.fields:
                continue
            self.fields[name].required = False
            self.fields[name].help_text = "可不填，按公民身份号码自动识别"
        _style(self)

    def _post_clean(self) -> None:
        # Cross-field rules and uniqueness run in the service (members.rules).
        pass


class MemberEditForm(MemberForm):
    """Editing a member never shows the stored ID number or phone: the fields hold their masks,
    and a value is typed in full only to change it (members.services.member_update keeps the
    stored value when the mask comes back). The birth date follows the ID number and is not
    shown: beside the mask it would give the hidden digits back."""

    class Meta(MemberForm.Meta):
        fields = [f for f in EDITABLE_FIELDS if f != "birth_date"]

    def __init__(self, *args: Any, instance: Member, **kwargs: Any) -> None:
        super().__init__(*args, instance=instance, **kwargs)
        self.initial["id_number"] = instance.id_number_masked
        self.initial["phone"] = instance.phone_masked
        self.fields["id_number"].help_text = "显示为脱敏号码；不修改请保留原样，修改请输入完整的新号码。"
        self.fields["phone"].help_text = "显示为脱敏号码；不修改请保留原样，修改请输入完整的新号码，清空即删除。"


class FilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False)
    category = forms.ChoiceField(label="人员类别", required=False, choices=[("", "全部类别"), *Category.choices])
    status = forms.ChoiceField(label="党籍状态", required=False,
                               choices=[("", "在册和流动"), *MemberStatus.choices, ("all", "全部状态")])
    sex = forms.ChoiceField(label="性别", required=False, choices=[("", "全部性别"), *Sex.choices])
    age = forms.ChoiceField(label="年龄段", required=False, choices=[("", "全部年龄"), *AgeBand.choices])
    education = forms.ChoiceField(label="学历", required=False, choices=[("", "全部学历"), *Education.choices])
    group = forms.IntegerField(label="党小组", required=False, widget=forms.HiddenInput)
    org = forms.IntegerField(label="组织", required=False, widget=forms.HiddenInput)
    # an exact ID search, as a signed token of the number's blind index (members.selectors.id_token)
    idq = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self, small=True)
        self.fields["q"].widget.attrs["placeholder"] = "姓名，或完整公民身份号码"


class TransferForm(forms.Form):
    to_org = forms.ModelChoiceField(label="接收党支部", queryset=Organization.objects.none())
    letter_number = forms.CharField(label="介绍信编号", max_length=40)
    letter_date = forms.DateField(label="开具日期", initial=datetime.date.today, widget=DateInput())
    reason = forms.CharField(label="转接原因", max_length=200, required=False)

    def __init__(self, *args: Any, targets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_org"].queryset = targets
        self.fields["to_org"].widget.attrs["data-tom-select"] = "1"
        _style(self)


class ExternalTransferForm(forms.Form):
    external_org_name = forms.CharField(label="接收党组织（系统外）", max_length=120)
    letter_number = forms.CharField(label="介绍信编号", max_length=40)
    letter_date = forms.DateField(label="开具日期", initial=datetime.date.today, widget=DateInput())
    reason = forms.CharField(label="转接原因", max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class TransferInForm(MemberForm):
    """A member arriving from outside the system: the branch, the letter, the record."""

    LETTER_FIELDS = ("external_org_name", "letter_number", "letter_date", "valid_until")

    organization = forms.ModelChoiceField(label="转入党支部", queryset=Organization.objects.none())
    external_org_name = forms.CharField(label="原所在党组织（系统外）", max_length=120)
    letter_number = forms.CharField(label="介绍信编号", max_length=40)
    letter_date = forms.DateField(label="介绍信开具日期", widget=DateInput())
    valid_until = forms.DateField(label="介绍信有效期至", required=False, widget=DateInput(),
                                  help_text="可不填，按开具日期加有效月数")

    class Meta(MemberForm.Meta):
        fields = [f for f in EDITABLE_FIELDS if f not in ("status", "party_group")]

    field_order = ["organization", "external_org_name", "letter_number", "letter_date", "valid_until"]

    def __init__(self, *args: Any, targets: Any, **kwargs: Any) -> None:
        super().__init__(*args, branch=None, **kwargs)
        self.fields["organization"].queryset = targets
        self.fields["organization"].widget.attrs["data-tom-select"] = "1"
        _style(self)


class ReceiptForm(forms.Form):
    receipt_date = forms.DateField(label="回执日期", initial=datetime.date.today, widget=DateInput())
    receipt_number = forms.CharField(label="回执编号", max_length=40, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class SwitchForm(forms.Form):
    """A switch a page sends as "1" (a hidden field or a link): the migrant page's `end`, the
    transfer page's `external`."""

    def __init__(self, data: Any, *, name: str) -> None:
        super().__init__(data)
        self.name = name
        self.fields[name] = forms.CharField(required=False, strip=False)

    def on(self) -> bool:
        return self.is_valid() and self.cleaned_data[self.name] == "1"


class MigrantForm(forms.Form):
    destination = forms.CharField(label="流入地", max_length=120)
    work_unit = forms.CharField(label="务工经商单位", max_length=120, required=False)
    contact = forms.CharField(label="流入地联系方式", max_length=60, required=False)
    host_organization = forms.CharField(label="参加组织生活的党组织", max_length=120, required=False)
    left_on = forms.DateField(label="外出日期", required=False, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class UploadForm(ImportUploadForm):
    """The upload of core.importing's pages, for a roll file: its type and size checked at once."""

    file = forms.FileField(label="名册文件（Excel、WPS、LibreOffice 表格或 CSV）",
                           help_text=f"支持 {EXTENSIONS_TEXT}；表头上方的标题行、末尾的合计和签字行会自动跳过。",
                           widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}))

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(f"只支持 {EXTENSIONS_TEXT} 文件。")
        try:
            check_file_size(f)
        except FileFormatError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return f


class ColumnMappingForm(forms.Form):
    """For a roll file whose header lacks required columns: which of the file's columns is
    each one (a dropdown of the file's columns per missing column)."""

    def __init__(self, *args: Any, preview: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        found = set(preview["found"])
        choices = [("", "——请选择——")] + [
            (str(i), f"第{i + 1}列" + (f"：{text}" if text else "")) for i, text in enumerate(preview["texts"]) if i not in found]
        self.missing: list[str] = preview["missing"]
        for n, name in enumerate(self.missing):
            # a sheet may name its branch instead of a 所在党支部 column
            field = forms.ChoiceField(label=f"“{name}”是文件中的", choices=choices, required=name != "所在党支部")
            saved = preview.get("saved", {}).get(name)
            if saved is not None:
                field.initial = str(saved)
            self.fields[f"col{n}"] = field
        _style(self)

    def mapping(self) -> dict[str, int]:
        return {name: int(self.cleaned_data[f"col{n}"]) for n, name in enumerate(self.missing)
                if self.cleaned_data.get(f"col{n}")}
