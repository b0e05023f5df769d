"""Each trait of the evaluation-result factory leaves the application in the stage it says (decision 0031)."""

import pytest

from zhicheng.certificates.models import Certificate
from zhicheng.committees.lifecycle import stage_of
from zhicheng.committees.models import Stage
from zhicheng.committees.tests.factories import EvaluationResultFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("trait, stage", [
    (None, Stage.PASSED), ("failed", Stage.FAILED), ("in_notice", Stage.IN_NOTICE), ("reported", Stage.REPORTED),
    ("confirmed", Stage.CONFIRMED),
])
def test_each_trait_reaches_its_stage(cast, trait, stage):
    result = EvaluationResultFactory(**({trait: True} if trait else {}))
    assert stage_of(result.application) == stage
    issued = Certificate.objects.filter(holder=result.application.applicant).exists()
    assert issued == (stage == Stage.CONFIRMED)
