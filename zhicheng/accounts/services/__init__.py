"""Writes for accounts, one module per concern (decision 0037); this package exports their public names
so that ``from zhicheng.accounts.services import user_register`` keeps working.

- ``registration``: an account is made (``user_register``) and the per-address registration limit;
- ``login``: login, failed-login and logout records, the password change, the masked identifier;
- ``recovery``: self-service recovery by a one-time code to the phone or e-mail on record;
- ``contact``: the person changes their phone number or e-mail address (code to the new one);
- ``window``: the service window — person look-up, temporary password, contact change and a further
  identity document, each after the staff member has seen the card;
- ``two_factor``: the TOTP authenticator (enrol, verify, disable, the security administrator's reset);
- ``duties``: administrator duties (三权分立);
- ``shared``: the limits read from settings and the helpers the modules above share.

Staff roles (memberships) live with the ``Membership`` model in ``zhicheng.orgs.memberships``; they are
re-exported here for callers written before the split. Every change is audited with ``audit_record``;
no full ID or phone number goes into the log.
"""

from zhicheng.orgs.memberships import (
    membership_accept,
    membership_decline,
    membership_ends_on_set,
    membership_grant,
    membership_revoke,
    memberships_expire,
)

from .contact import (
    PHONE_TAKEN_MESSAGE,
    contact_change_confirm,
    contact_change_new_value,
    contact_change_start,
    contact_codes_per_account_per_hour,
)
from .duties import (
    admin_duty_set,
)
from .login import (
    login_record_failure,
    login_record_success,
    logout_record,
    mask_identifier,
    user_password_change,
)
from .recovery import (
    RATE_LIMITED_MESSAGE,
    RECOVERY_BAD_CODE_MESSAGE,
    RECOVERY_CODE_INVALID_MESSAGE,
    RECOVERY_CODE_SPENT_MESSAGE,
    RECOVERY_SENT_MESSAGE,
    RecoverySendResult,
    recovery_channels,
    recovery_code_send,
    recovery_code_verify,
    recovery_decoy_verify,
    recovery_identifier_key,
    recovery_password_set,
)
from .registration import (
    REGISTRATION_LIMITED_MESSAGE,
    registration_rate_limit_hit,
    user_register,
)
from .shared import (
    recovery_code_max_attempts,
    recovery_code_minutes,
    recovery_codes_per_account_per_hour,
    recovery_requests_per_address_per_hour,
    registrations_per_address_per_hour,
)
from .two_factor import (
    TOTP_DEVICE_NAME,
    totp_config_url,
    totp_secret_base32,
    totp_secret_groups,
    two_factor_disable,
    two_factor_enrol_confirm,
    two_factor_enrolment_start,
    two_factor_failures_clear,
    two_factor_max_failures,
    two_factor_reset,
    two_factor_verify,
)
from .window import (
    CARD_CHECK_REQUIRED,
    temporary_password_generate,
    window_contact_change,
    window_document_link,
    window_email_change,
    window_person_lookup,
    window_phone_change,
    window_recovery_issue,
)

__all__ = [
    "CARD_CHECK_REQUIRED",
    "PHONE_TAKEN_MESSAGE",
    "RATE_LIMITED_MESSAGE",
    "RECOVERY_BAD_CODE_MESSAGE",
    "RECOVERY_CODE_INVALID_MESSAGE",
    "RECOVERY_CODE_SPENT_MESSAGE",
    "RECOVERY_SENT_MESSAGE",
    "REGISTRATION_LIMITED_MESSAGE",
    "RecoverySendResult",
    "TOTP_DEVICE_NAME",
    "admin_duty_set",
    "contact_change_confirm",
    "contact_change_new_value",
    "contact_change_start",
    "contact_codes_per_account_per_hour",
    "login_record_failure",
    "login_record_success",
    "logout_record",
    "mask_identifier",
    "membership_accept",
    "membership_decline",
    "membership_ends_on_set",
    "membership_grant",
    "membership_revoke",
    "memberships_expire",
    "recovery_channels",
    "recovery_code_max_attempts",
    "recovery_code_minutes",
    "recovery_code_send",
    "recovery_code_verify",
    "recovery_codes_per_account_per_hour",
    "recovery_decoy_verify",
    "recovery_identifier_key",
    "recovery_password_set",
    "recovery_requests_per_address_per_hour",
    "registration_rate_limit_hit",
    "registrations_per_address_per_hour",
    "temporary_password_generate",
    "totp_config_url",
    "totp_secret_base32",
    "totp_secret_groups",
    "two_factor_disable",
    "two_factor_enrol_confirm",
    "two_factor_enrolment_start",
    "two_factor_failures_clear",
    "two_factor_max_failures",
    "two_factor_reset",
    "two_factor_verify",
    "user_password_change",
    "user_register",
    "window_contact_change",
    "window_document_link",
    "window_email_change",
    "window_person_lookup",
    "window_phone_change",
    "window_recovery_issue",
]
