"""The tests do not read the demo (decision 0036): no test module outside the demo's own tests
(``zhicheng/demo/tests``) imports ``zhicheng.demo`` or runs its commands (``load_demo_data``,
``load_exchange_demo``, ``render_document_samples``). Their world is ``tests/world``, built in code, so
that editing the demo breaks no test."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO_COMMANDS = {"load_demo_data", "load_exchange_demo", "render_document_samples"}


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
            found += [
                f"{node.lineno}: import {a.name}" for a in node.names if a.name.split(".")[:2] == ["zhicheng", "demo"]
            ]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[:2] == ["zhicheng", "demo"]:
            found.append(f"{node.lineno}: from {node.module} import …")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            named = node.value.startswith("zhicheng.demo") or node.value in DEMO_COMMANDS
            if named and not _is_docstring(node, tree):  # the docstring check walks the tree: only when needed
                found.append(f"{node.lineno}: {node.value!r}")
    return found


def _is_docstring(node: ast.Constant, tree: ast.Module) -> bool:
    for parent in ast.walk(tree):
        body = getattr(parent, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and body[0].value is node:
            return True
    return False


def test_no_test_reads_the_demo():
    offenders = {str(p.relative_to(ROOT)): found for p in modules_of_the_tests() if (found := demo_uses(p))}
    assert not offenders, (
        "tests read the demo (use tests/world and the apps' factories instead; decision 0036): " + repr(offenders)
    )


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
