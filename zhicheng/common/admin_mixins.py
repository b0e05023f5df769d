"""What the admin pages (the system administrator's tool) share across apps."""


class ReadOnlyAdminMixin:
    """An admin page, or an inline, that only shows its rows: no adding, changing or deleting there.

    For records whose every change goes through the services (and the audit log); put it before
    ``admin.ModelAdmin`` or an inline class. ``obj`` is accepted because inlines pass it.
    """

    def has_add_permission(self, request, obj=None):
        """Returns False: rows are never added through the admin."""
        return False

    def has_change_permission(self, request, obj=None):
        """Returns False: rows are never changed through the admin."""
        return False

    def has_delete_permission(self, request, obj=None):
        """Returns False: rows are never deleted through the admin."""
        return False
