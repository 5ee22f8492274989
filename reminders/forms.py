from __future__ import annotations

from django import forms


class ReadForm(forms.Form):
    """Marking a reminder read; `follow` (any value, the "去处理" button) goes on to its link."""

    follow = forms.CharField(required=False, strip=False)
