"""The kept-document store (zhicheng/common/kept.py, decision 0025) on a kind of its own."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command

from zhicheng.common import kept
from zhicheng.common.kept import KeptKind, kept_document, kept_render_by_id, kept_store, templates_digest
from zhicheng.common.models import KeptDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper(settings, tmp_path):
    """A kind whose object is a namespace (``pk``, ``text``) and whose render counts itself."""
    settings.MEDIA_ROOT = tmp_path / "media"
    objects = {1: SimpleNamespace(pk=1, text="甲")}
    calls = []

    def render(obj):
        calls.append(obj.pk)
        return b"%PDF-1.7 " + obj.text.encode()

    kind = KeptKind(code="test_paper", label="测试", load=objects.get, inputs=lambda obj: [obj.text], render=render,
                    templates=("documents/summary_sheet.html",))
    kept.kept_kind_register(kind)
    yield SimpleNamespace(kind=kind, objects=objects, calls=calls)
    kept._KINDS.pop("test_paper", None)


def test_rendered_once_per_version(paper, django_capture_on_commit_callbacks):
    obj = paper.objects[1]
    first = kept_document(kind="test_paper", obj=obj)
    assert kept_document(kind="test_paper", obj=obj).pk == first.pk
    assert paper.calls == [1]
    obj.text = "乙"
    with django_capture_on_commit_callbacks(execute=True):
        second = kept_document(kind="test_paper", obj=obj)
    assert paper.calls == [1, 1] and second.version != first.version
    assert list(KeptDocument.objects.values_list("pk", flat=True)) == [second.pk]
    assert not first.file.storage.exists(first.file.name)
    with second.file.open("rb") as fh:
        assert fh.read() == "%PDF-1.7 乙".encode()


def test_two_first_downloads_at_once_keep_one_row(paper):
    """The loser of the unique constraint serves the winner's row and its own file is deleted."""
    winner = kept_store(kind=paper.kind, object_id=1, version="v" * 64, pdf=b"%PDF-a")
    loser = kept_store(kind=paper.kind, object_id=1, version="v" * 64, pdf=b"%PDF-b")
    assert loser.pk == winner.pk and KeptDocument.objects.count() == 1
    files = list(Path(winner.file.storage.path("kept/test_paper")).iterdir())
    assert [f.name for f in files] == [Path(winner.file.name).name]


def test_a_missing_file_is_rendered_again(paper):
    row = kept_document(kind="test_paper", obj=paper.objects[1])
    row.file.storage.delete(row.file.name)
    again = kept_document(kind="test_paper", obj=paper.objects[1])
    assert paper.calls == [1, 1] and KeptDocument.objects.get().pk == again.pk


def test_the_task_renders_and_keeps_once(paper):
    assert kept_render_by_id(kind="test_paper", object_id=1) == "rendered"
    assert kept_render_by_id(kind="test_paper", object_id=1) == "kept"
    assert kept_render_by_id(kind="test_paper", object_id=2) == "gone"
    assert paper.calls == [1]


def test_the_templates_digest_follows_extends():
    from django.template.loader import get_template

    base = templates_digest(("documents/base_pdf.html",))
    sheet = templates_digest(("documents/summary_sheet.html",))
    assert base != sheet and len(sheet) == 64
    assert "documents/base_pdf.html" in get_template("documents/summary_sheet.html").template.source


def test_the_clear_command(paper, capsys, django_capture_on_commit_callbacks):
    row = kept_document(kind="test_paper", obj=paper.objects[1])
    with pytest.raises(CommandError, match="未知的文书类型"):
        call_command("kept_documents_clear", kind="nonsense")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("kept_documents_clear", kind="test_paper")
    assert "已清除测试 1 份" in capsys.readouterr().out
    assert not KeptDocument.objects.exists() and not row.file.storage.exists(row.file.name)
