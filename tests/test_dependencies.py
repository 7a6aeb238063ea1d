"""Dependencies point one way: ladder <- profiles <- mentoring (careerpath composes them)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# app -> modules it must never import (itself or anything inside it)
FORBIDDEN = {
    "ladder": ("profiles", "mentoring"),
    "profiles": ("mentoring",),
    "mentoring": ("profiles.views",),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def violations(app: str) -> list[str]:
    found = []
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for module in imported_modules(path):
            for forbidden in FORBIDDEN[app]:
                if module == forbidden or module.startswith(f"{forbidden}."):
                    found.append(f"{path.relative_to(ROOT)} imports {module}")
    return found


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_an_app_imports_nothing_from_the_apps_that_build_on_it(app):
    assert violations(app) == []
