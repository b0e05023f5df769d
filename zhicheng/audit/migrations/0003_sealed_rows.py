# Audit rows are sealed with HMAC-SHA256 under the audit key (zhicheng/audit/sealing.py), and each
# row stores the id of its key.
#
# Rows written before this migration were hashed with plain SHA-256, without a secret: anyone who
# could write to the database could have changed them and recomputed the chain, undetectably.
# This migration RE-SEALS them under the current key, in id order. Before it does, it checks the
# old chain the old way and records what it found in a new audit row, "audit.chain_resealed"
# (number of rows, id range, the old head, and the first 50 problems, if any), itself sealed. So:
#   * changes made to old rows BEFORE this migration, by someone who recomputed the plain
#     hashes, are not detectable, now or later; naive ones are listed in that row;
#   * from this migration on, every row — old ones included — is protected by the key.
# Run it with the same ZHICHENG_AUDIT_KEY as the application. On SQLite, adding the column
# rebuilds the table and drops its append-only triggers: they are created again here.

import hashlib
import importlib
import json

from django.db import migrations, models
from django.utils import timezone

guard = importlib.import_module("zhicheng.audit.migrations.0002_append_only")

LEGACY_FIELDS = (
    "created_at", "actor_id", "actor_label", "organisation_id", "action", "object_type",
    "object_id", "object_label", "result", "detail", "client_ip", "request_id", "prev_hash",
)
BATCH = 2000


def legacy_hash(row) -> str:
    """The hash of audit/0001–0002: SHA-256 over the fields, no secret."""
    payload = {}
    for name in LEGACY_FIELDS:
        value = getattr(row, name)
        if name == "created_at":
            value = value.isoformat()
        payload[name] = value
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _lift_guard(schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_no_update")
    elif schema_editor.connection.vendor == "sqlite":
        for name in guard.SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


def _restore_guard(schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_no_update")
    elif schema_editor.connection.vendor == "sqlite":
        for name, sql in guard.SQLITE_TRIGGERS.items():
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
            schema_editor.execute(sql)


def reseal(apps, schema_editor):
    from zhicheng.audit import sealing

    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    if not AuditEvent.objects.exists():
        _restore_guard(schema_editor)  # a fresh database: only the triggers to put back
        return
    key_id = sealing.current_key_id()
    key = sealing.key_for(key_id)
    old_head = AuditChainHead.objects.filter(pk=1).values_list("last_hash", flat=True).first()

    problems, count, first_id, last_id = [], 0, None, None
    prev_old = prev_new = ""
    updates = []
    head_seen = not old_head
    _lift_guard(schema_editor)
    with schema_editor.connection.cursor() as cur:
        for row in AuditEvent.objects.order_by("id").iterator(chunk_size=BATCH):
            count += 1
            first_id = first_id or row.id
            last_id = row.id
            if row.prev_hash != prev_old:
                problems.append(f"#{row.id}: 与上一条记录的链接不符")
            if legacy_hash(row) != row.row_hash:
                problems.append(f"#{row.id}: 内容与其哈希不符")
            if old_head and row.row_hash == old_head:
                head_seen = True
            prev_old = row.row_hash
            row.key_id = key_id
            row.prev_hash = prev_new
            row.row_hash = sealing.seal(row, key=key)
            prev_new = row.row_hash
            updates.append((row.key_id, row.prev_hash, row.row_hash, row.id))
            if len(updates) >= BATCH:
                cur.executemany("UPDATE audit_auditevent SET key_id = %s, prev_hash = %s, row_hash = %s WHERE id = %s", updates)
                updates = []
        if updates:
            cur.executemany("UPDATE audit_auditevent SET key_id = %s, prev_hash = %s, row_hash = %s WHERE id = %s", updates)
    _restore_guard(schema_editor)
    if not head_seen:
        problems.append("链头指向的记录不存在")

    detail = {
        "rows": count, "first_id": first_id, "last_id": last_id, "key_id": key_id,
        "legacy_head": old_head or "", "legacy_problems": len(problems), "first_problems": problems[:50],
        "note": "本条之前的记录在此次迁移前仅以无密钥的 SHA-256 链接；迁移前对其所做并重算哈希的改动无法发现。",
    }
    event = AuditEvent(
        created_at=timezone.now(), actor_label="系统迁移", action="audit.chain_resealed",
        object_type="audit.auditevent", object_label=f"审计日志 #{first_id}–#{last_id}",
        result="success" if not problems else "failure", detail=detail, client_ip="", request_id="",
        prev_hash=prev_new, key_id=key_id,
    )
    event.row_hash = sealing.seal(event, key=key)
    event.save(force_insert=True)
    AuditChainHead.objects.update_or_create(pk=1, defaults={"last_hash": event.row_hash})


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_append_only"),
    ]
    # Data migrations that write audit rows through the live audit_record (which fills key_id) must
    # run after the column exists.
    run_before = [
        ("accounts", "0004_normalise_identifiers"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(default="", max_length=16, verbose_name="签名密钥编号"),
            preserve_default=False,
        ),
        migrations.RunPython(reseal, migrations.RunPython.noop, elidable=False),
    ]
