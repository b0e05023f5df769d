"""Model fields for personal data that is encrypted at rest."""

from __future__ import annotations

from django.db import models

from . import crypto


class EncryptedTextField(models.TextField):
    """Stores ``crypto.encrypt(value)``; Python code sees the plaintext.

    Not searchable: pair it with a keyed-hash column (``crypto.lookup_hash``) for exact lookup.
    """

    description = "Encrypted text"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def to_python(self, value):
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))
