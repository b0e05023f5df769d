import pytest


@pytest.fixture
def filled_profile(cast):
    from zhicheng.profiles.tests.conftest import fill_profile

    return fill_profile(cast["applicant_a"])
