"""Dependencies point down: models never import services (or anything above them)."""

import ast
from pathlib import Path

import actiondays

PACKAGE = Path(actiondays.__file__).parent
UPWARDS = ("actiondays.services", "actiondays.web", "actiondays.demo", "actiondays.spec")


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_no_model_imports_from_services_or_above():
    offenders = [
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in sorted((PACKAGE / "models").rglob("*.py"))
        for name in _imports(path)
        if name.startswith(UPWARDS) or name in ("actiondays.services", "actiondays.web")
    ]
    assert offenders == []


def test_the_scan_sees_an_upward_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from actiondays.services.errors import DomainError\n", encoding="utf-8")
    assert any(name.startswith(UPWARDS) for name in _imports(bad))


def test_errors_and_spec_sit_below_the_services():
    for module in ("errors.py", "spec/__init__.py", "spec/parsers.py"):
        assert not [n for n in _imports(PACKAGE / module) if n.startswith(UPWARDS[:3])]
