"""Audit for the few changes the Django admin still allows (the system administrator's tool).

Django's own admin history (``LogEntry``) is neither append-only nor in the hash chain, so every
save and delete made through an admin page is also written to the audit log here.
"""

from __future__ import annotations

from .services import audit_record

# Fields whose values are personal data: the audit records that they changed, not the values.
PRIVATE_FIELDS = {"email", "phone", "id_number", "real_name"}


def _value(obj, name: str):
    value = getattr(obj, name, None)
    if hasattr(value, "pk"):
        return value.pk
    return value if isinstance(value, bool | int | float | str | None) else str(value)


class AuditedAdminMixin:
    audit_action_prefix = "admin"

    def save_model(self, request, obj, form, change):
        before = {}
        if change and form.changed_data:
            old = type(obj).objects.filter(pk=obj.pk).first()
            before = {n: _value(old, n) for n in form.changed_data if n not in PRIVATE_FIELDS and old is not None}
        super().save_model(request, obj, form, change)
        if change and not form.changed_data:
            return
        audit_record(
            action=f"{self.audit_action_prefix}.{'change' if change else 'add'}", actor=request.user, obj=obj,
            object_label=str(obj)[:200],
            detail={
                "fields": list(form.changed_data),
                "before": before,
                "after": {n: _value(obj, n) for n in form.changed_data if n not in PRIVATE_FIELDS},
            },
        )

    def delete_model(self, request, obj):
        label, pk = str(obj)[:200], obj.pk
        super().delete_model(request, obj)
        audit_record(
            action=f"{self.audit_action_prefix}.delete", actor=request.user, object_type=obj._meta.label_lower,
            object_id=str(pk), object_label=label,
        )
