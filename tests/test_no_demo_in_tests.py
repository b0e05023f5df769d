"""The tests do not read the demo (decision 0036): no test module outside the demo's own tests
(``zhicheng/demo/tests``) imports ``zhicheng.demo`` or runs its commands (``load_demo_data``,
``load_exchange_demo``, ``render_document_samples``). Their world is ``tests/world``, built in code, so
that editing the demo breaks no test."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO_COMMANDS = {"load_demo_data", "load_exchange_demo", "render_document_samples"}

#: Modules that still read the demo, to be converted to ``tests/world`` (the branch ``testworld`` converts them
#: all and switches the root conftest). It only shrinks: a module that no longer reads the demo must leave it.
NOT_YET_CONVERTED = {
    "conftest.py",
    "tests/browser/test_accounts.py",
    "tests/browser/test_business_walks.py",
    "tests/browser/test_businesses.py",
    "tests/browser/test_certificates.py",
    "tests/browser/test_changes_marked.py",
    "tests/browser/test_contact_change.py",
    "tests/browser/test_deadlines.py",
    "tests/browser/test_evaluation.py",
    "tests/browser/test_evaluation_route.py",
    "tests/browser/test_exchange.py",
    "tests/browser/test_input_as_typed.py",
    "tests/browser/test_integrity.py",
    "tests/browser/test_login_attacks.py",
    "tests/browser/test_meetings.py",
    "tests/browser/test_panel_rules.py",
    "tests/browser/test_paper_first.py",
    "tests/browser/test_paper_materials.py",
    "tests/browser/test_plans.py",
    "tests/browser/test_return_parts.py",
    "tests/browser/test_reviewer_day.py",
    "tests/browser/test_two_factor.py",
    "tests/browser/test_unit_search.py",
    "tests/browser/test_units.py",
    "tests/security/test_lockout_dos.py",
    "tests/security/test_rate_limits.py",
    "zhicheng/accounts/tests/test_contact_change.py",
    "zhicheng/accounts/tests/test_identifier_entry_points.py",
    "zhicheng/accounts/tests/test_next.py",
    "zhicheng/accounts/tests/test_recovery.py",
    "zhicheng/accounts/tests/test_registration_login.py",
    "zhicheng/accounts/tests/test_two_factor.py",
    "zhicheng/accounts/tests/test_window_and_staff.py",
    "zhicheng/pre_evaluation/tests/test_browser.py",
}


def modules_of_the_tests() -> list[Path]:
    """Every Python file of the tests: the root conftest, ``tests/`` and each app's ``tests/`` package,
    except the demo's own tests and this module."""
    files = [ROOT / "conftest.py", *sorted((ROOT / "tests").rglob("*.py"))]
    files += sorted(p for p in (ROOT / "zhicheng").glob("*/tests/**/*.py")
                    if p.relative_to(ROOT / "zhicheng").parts[0] != "demo")
    return [p for p in files if p != Path(__file__).resolve()]  # this check names what it looks for


def demo_uses(path: Path) -> list[str]:
    """What in ``path`` reads the demo: imports of ``zhicheng.demo`` (anywhere in the module, also inside
    functions) and string constants naming ``zhicheng.demo…`` or a demo command. As ``line: text``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [f"{node.lineno}: import {a.name}" for a in node.names if a.name.split(".")[:2] == ["zhicheng", "demo"]]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[:2] == ["zhicheng", "demo"]:
            found.append(f"{node.lineno}: from {node.module} import …")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and not _is_docstring(node, tree):
            if node.value.startswith("zhicheng.demo") or node.value in DEMO_COMMANDS:
                found.append(f"{node.lineno}: {node.value!r}")
    return found


def _is_docstring(node: ast.Constant, tree: ast.Module) -> bool:
    for parent in ast.walk(tree):
        body = getattr(parent, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and body[0].value is node:
            return True
    return False


def test_no_test_reads_the_demo():
    uses = {str(p.relative_to(ROOT)): found for p in modules_of_the_tests() if (found := demo_uses(p))}
    offenders = {name: found for name, found in uses.items() if name not in NOT_YET_CONVERTED}
    assert not offenders, (
        "tests read the demo (use tests/world and the apps' factories instead; decision 0036): " + repr(offenders)
    )
    converted = sorted(NOT_YET_CONVERTED - set(uses))
    assert not converted, f"these no longer read the demo: take them off NOT_YET_CONVERTED: {converted}"


def test_the_check_sees_an_import_and_a_command(tmp_path):
    module = tmp_path / "test_x.py"
    module.write_text('def test_x():\n    from zhicheng.demo.loader import person\n'
                      '    call_command("load_demo_data")\n', encoding="utf-8")
    assert demo_uses(module) == ["2: from zhicheng.demo.loader import …", "3: 'load_demo_data'"]


def test_the_demo_tests_are_left_out_and_the_rest_is_in():
    names = {str(p.relative_to(ROOT)) for p in modules_of_the_tests()}
    assert "conftest.py" in names and "tests/world/cast.py" in names
    assert "zhicheng/accounts/tests/factories.py" in names
    assert not any(n.startswith("zhicheng/demo/") for n in names)
