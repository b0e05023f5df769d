import pytest


@pytest.fixture
def recognition_case(cast):
    """A 考核认定 of 王建国 (applicant C, stored at a 龙川县 unit) with three declared paper
    materials, submitted and waiting at his personnel unit."""
    from tests.world.profiles import profiles_load
    from zhicheng.businesses import services
    from zhicheng.businesses.tests.conftest import title
    from zhicheng.catalog.constants import TitleLevel

    profiles_load()
    c = cast["applicant_c"]
    app = services.recognition_save(actor=c, **title(TitleLevel.INTERMEDIATE), pledge_confirmed=True,
                                    materials="学历证书复印件\n工作年限证明\n  \n身份证复印件")
    return services.recognition_submit(case=app.case, actor=c)
