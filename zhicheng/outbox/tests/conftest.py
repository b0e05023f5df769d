import pytest


@pytest.fixture
def flaky_sms(settings, tmp_path, monkeypatch):
    """SMS through :class:`FlakySmsBackend` in ``tmp_path``; set ``ZHICHENG_TEST_SMS_FAILURES`` to make it fail."""
    settings.SMS_BACKEND = "zhicheng.outbox.tests.backends.FlakySmsBackend"
    monkeypatch.setenv("ZHICHENG_TEST_SMS_DIR", str(tmp_path))
    monkeypatch.setenv("ZHICHENG_TEST_SMS_FAILURES", "0")
    return tmp_path
