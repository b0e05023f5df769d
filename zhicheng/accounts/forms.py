from django import forms
from django.contrib.auth import authenticate

from zhicheng.common.forms import StyledForm


class LoginForm(StyledForm):
    username = forms.CharField(
        label="身份证号码或手机号码", max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(label="密码", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user_cache = None
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        username, password = cleaned.get("username"), cleaned.get("password")
        if username and password:
            self.user_cache = authenticate(self.request, username=username, password=password)
            if self.user_cache is None:
                raise forms.ValidationError("账号或密码不正确。连续输错多次账号将被暂时锁定。", code="invalid_login")
        return cleaned

    def get_user(self):
        return self.user_cache
