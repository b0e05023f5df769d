"""``load_demo_data`` (what ``./manage.sh run`` calls): it loads and prints the logins the README lists."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_load_demo_data_prints_the_logins():
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    text = out.getvalue()
    assert "演示账号" in text and "13800000001  张晓明" in text
    assert "13800000009  周德明  证书被撤销的持证人（诚信档案）" in text  # the holder the README names
    assert "对接系统演示" in text
