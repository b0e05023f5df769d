"""The stored applicant 王建国 (applicant C) of the businesses' tests."""

from zhicheng.businesses.tests.conftest import stored_c  # noqa: F401
