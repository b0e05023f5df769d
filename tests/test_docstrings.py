"""Every public function of the modules that hold service logic has a docstring (issue 15, decision 0037).

The modules checked, in every app ``zhicheng/<app>/``:

* ``services.py`` and ``services/*.py``: the writes;
* ``selectors.py``: the reads, including the ``*_visible_to`` rules behind every page;
* the modules that hold a rule the services apply, named in ``RULE_MODULES``: the case engine's
  transition table and actor checks (``workflow.py``, ``permissions.py``, ``registry.py``,
  ``deadlines.py``), the committee's meeting and panel rules (``rules.py``, ``panel_rules.py``,
  ``lifecycle.py``, ``holds.py``) and the certificate numbers (``numbering.py``).

Views, forms, admin, models and templates are not in it: their functions are framework plumbing whose
contract is the page. "Public" is a module-level function whose name does not start with ``_``. The
docstring says the arguments, the shape of what is returned, units, the errors raised and the rule or
source implemented where there is one (人社部令第40号 第X条, GB 11643…); this test only checks that one is
there, review checks what it says.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ROOT / "zhicheng"

RULE_MODULES = (
    "workflow.py", "permissions.py", "registry.py", "deadlines.py", "rules.py", "panel_rules.py", "lifecycle.py",
    "holds.py", "numbering.py",
)

def service_modules(apps: Path = APPS) -> list[Path]:
    """The modules checked (see the module's docstring), sorted."""
    paths: set[Path] = set()
    for app in apps.iterdir():
        if not app.is_dir() or not (app / "__init__.py").exists():
            continue
        paths.update(app.glob("services.py"))
        paths.update(app.glob("services/*.py"))
        paths.update(app.glob("selectors.py"))
        for name in RULE_MODULES:
            paths.update(app.glob(name))
    return sorted(paths)


def functions_without_docstring(path: Path) -> list[str]:
    """``path:line name`` of each public module-level function (sync or async) of ``path`` with no docstring."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        f"{path}:{node.lineno} {node.name}"
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and not node.name.startswith("_")
        and not ast.get_docstring(node)
    ]


def test_every_public_service_function_has_a_docstring():
    missing = [entry for path in service_modules() for entry in functions_without_docstring(path)]
    assert missing == [], "public functions without a docstring:\n" + "\n".join(missing)


def test_the_modules_checked_are_the_expected_ones():
    """A glob that silently matched nothing would make the test above pass on nothing."""
    names = {str(p.relative_to(ROOT)) for p in service_modules()}
    for expected in ("zhicheng/cases/services.py", "zhicheng/cases/workflow.py", "zhicheng/exchange/selectors.py",
                     "zhicheng/exchange/services/numbers.py", "zhicheng/certificates/numbering.py",
                     "zhicheng/accounts/services/recovery.py", "zhicheng/accounts/selectors.py",
                     "zhicheng/orgs/selectors.py", "zhicheng/orgs/permissions.py"):
        assert expected in names
    assert len(names) > 30


def test_the_checker_finds_a_missing_docstring(tmp_path):
    app = tmp_path / "someapp"
    (app / "services").mkdir(parents=True)
    (app / "__init__.py").write_text("")
    (app / "views.py").write_text("def page(request):\n    return None\n")  # not a service module
    (app / "services" / "__init__.py").write_text('"""Package."""\n')
    (app / "services" / "things.py").write_text(
        '"""Things."""\n\n\n'
        "def thing_make(*, name):\n    return name\n\n\n"
        'def thing_break(*, name):\n    """Documented."""\n    return name\n\n\n'
        "async def thing_wait():\n    return None\n\n\n"
        "def _helper():\n    return None\n\n\n"
        "class Thing:\n    def method(self):\n        return None\n"
    )
    (app / "selectors.py").write_text('def things_visible_to(*, user):\n    """Documented."""\n    return []\n')
    modules = service_modules(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in modules] == [
        "someapp/selectors.py", "someapp/services/__init__.py", "someapp/services/things.py",
    ]
    missing = [entry.split(" ", 1)[1] for path in modules for entry in functions_without_docstring(path)]
    assert missing == ["thing_make", "thing_wait"]
