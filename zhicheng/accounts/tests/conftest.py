import pytest

from zhicheng.common.validators import iso7064_mod11_2


@pytest.fixture(autouse=True)
def _chinese():
    """The root conftest loads data with call_command, which deactivates translations for this
    thread; the site itself runs in Chinese (LANGUAGE_CODE), so the tests do too."""
    from django.utils import translation

    with translation.override("zh-hans"):
        yield


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters live in the cache; each test starts from zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def make_id(region: str, birth: str, seq: str = "123") -> str:
    first17 = region + birth + seq
    return first17 + iso7064_mod11_2(first17)


@pytest.fixture
def new_person():
    """Registration data for someone not in the demo cast."""
    return {
        "id_number": make_id("440113", "19850612", "457"),
        "real_name": "欧阳明",
        "phone": "13812345678",
        "email": "ouyang@example.com",
        "password1": "Lingnan#Spring8",
        "password2": "Lingnan#Spring8",
    }


TWO_FACTOR_MIDDLEWARE = "zhicheng.accounts.middleware.TwoFactorMiddleware"


@pytest.fixture(autouse=True)
def _two_factor_middleware(settings):
    """Run the accounts tests with the 2FA middleware where production has it (right after
    PasswordChangeRequiredMiddleware), whether or not the shared settings list it yet."""
    middleware = list(settings.MIDDLEWARE)
    if TWO_FACTOR_MIDDLEWARE not in middleware:
        anchor = middleware.index("zhicheng.accounts.middleware.PasswordChangeRequiredMiddleware")
        middleware.insert(anchor + 1, TWO_FACTOR_MIDDLEWARE)
        settings.MIDDLEWARE = middleware
    yield
