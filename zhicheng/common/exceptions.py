"""The one family of service errors (issue 15).

The rule: a bad value of a field is Django's ``ValidationError`` (with the field's name where there is
one); a state of the world that forbids the action (the case is not at your unit, the plan is closed,
you are not a member of this committee) is a ``ServiceError``. Each domain subclasses it
(``cases.workflow.CaseError``, ``committees.services.EvaluationError``) so that a page can catch
"whatever the service refused" in one ``except`` and show ``message`` as it is, and the API maps
both to its error catalogue at its edge (``exchange/errors.py``).
"""

from __future__ import annotations


class ServiceError(Exception):
    """A service refused an action; ``message`` is Chinese and shown to the user as it is.

    Args:
        message: what to tell the user (``default_message`` of the class when omitted).
        field: the form field the refusal is about, if any (``common.forms.form_add_error`` puts the
            message beside that field when the form has it, else at the top of the form).
    """

    default_message = "无法办理该事项。"

    def __init__(self, message: str | None = None, *, field: str | None = None):
        self.message = message or self.default_message
        self.field = field
        super().__init__(self.message)
