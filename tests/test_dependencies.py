"""Dependencies point one way: ladder <- profiles <- mentoring. The infrastructure in
careerpath/ imports no app; composition/ is the one place that imports them all. These tests
read the code, its templates and its ORM lookups."""

import ast
import re
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

ROOT = Path(__file__).resolve().parent.parent
APPS = ("ladder", "profiles", "mentoring")  # lowest first
COMPOSITION = "composition"

# app -> modules it must never import (itself or anything inside it)
FORBIDDEN = {
    "ladder": ("profiles", "mentoring", COMPOSITION),
    "profiles": ("mentoring", COMPOSITION),
    "mentoring": ("profiles.views", COMPOSITION),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def python_files(folder: Path):
    return [p for p in sorted(folder.rglob("*.py")) if "migrations" not in p.parts]


def violations(paths, forbidden) -> list[str]:
    found = []
    for path in paths:
        for module in imported_modules(path):
            for name in forbidden:
                if module == name or module.startswith(f"{name}."):
                    found.append(f"{path.relative_to(ROOT)} imports {module}")
    return found


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_an_app_imports_nothing_from_the_apps_that_build_on_it(app):
    assert violations(python_files(ROOT / app), FORBIDDEN[app]) == []


def test_the_infrastructure_imports_no_app():
    assert violations(python_files(ROOT / "careerpath"), (*APPS, COMPOSITION)) == []


def test_the_composition_imports_every_app():
    imported = {
        module.split(".")[0]
        for path in python_files(ROOT / COMPOSITION)
        for module in imported_modules(path)
    }
    assert set(APPS) <= imported


# Templates: templates/<app>/ belongs to the app; the rest (base.html, includes, error and
# account pages) to the site as a whole, which may use any app.


def template_files(app):
    return sorted((ROOT / "templates" / app).rglob("*.*"))


def tag_library_owner(library: str) -> str | None:
    for app in APPS:
        if (ROOT / app / "templatetags" / f"{library}.py").exists():
            return app
    return None


def above(app: str) -> tuple[str, ...]:
    return APPS[APPS.index(app) + 1 :]


@pytest.mark.parametrize("app", APPS)
def test_an_apps_templates_load_no_tags_and_include_no_templates_of_the_apps_above(app):
    found = []
    for path in template_files(app):
        text = path.read_text()
        for libraries in re.findall(r"{%\s*load\s+([^%]+?)\s*%}", text):
            for library in libraries.split():
                if tag_library_owner(library) in above(app):
                    found.append(f"{path.relative_to(ROOT)} loads {library}")
        for name in re.findall(r"{%\s*(?:include|extends)\s+[\"']([^\"']+)[\"']", text):
            if name.split("/")[0] in above(app):
                found.append(f"{path.relative_to(ROOT)} uses {name}")
    assert found == []


# ORM lookups: a lower app must not walk into a higher app's tables through the reverse
# relations the higher app's models add to its own models (or to the account).


def reverse_names_into(app: str) -> set[str]:
    """Return the names by which `app`'s models (and the account) are reached from the
    models of the apps above it: reverse accessors and query names."""
    names: set[str] = set()
    field: Any  # a relation: its remote_field and related_query_name are there
    targets = {*apps.get_app_config(app).get_models(), get_user_model()}
    for higher in above(app):
        for model in apps.get_app_config(higher).get_models():
            for field in model._meta.get_fields():
                if not (field.is_relation and field.concrete and field.related_model in targets):
                    continue
                remote = field.remote_field
                if remote.hidden:
                    continue
                names.add(remote.get_accessor_name())
                names.add(field.related_query_name())
    return names


LOOKUP = re.compile(r"^[a-z_]+(__[a-z_]+)*$")


def walks(path: Path, names: set[str]) -> list[str]:
    found = []
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        steps = []
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if LOOKUP.match(node.value):
                steps = node.value.split("__")
        elif isinstance(node, ast.keyword) and node.arg:
            steps = node.arg.split("__")
        elif isinstance(node, ast.Attribute):
            steps = [node.attr]
        if names.intersection(steps):
            line = node.lineno  # type: ignore[attr-defined]  # a Constant, keyword or Attribute
            found.append(f"{path.relative_to(ROOT)}:{line} walks {'__'.join(steps)}")
    return found


@pytest.mark.parametrize("app", APPS[:-1])
def test_an_app_reads_no_table_of_the_apps_above_through_a_reverse_relation(app):
    names = reverse_names_into(app)
    assert names, f"the apps above {app} have relations into it"
    found = [hit for path in python_files(ROOT / app) for hit in walks(path, names)]
    for path in template_files(app):
        for name in re.findall(r"\.([a-z_]+)\b", path.read_text()):
            if name in names:
                found.append(f"{path.relative_to(ROOT)} walks .{name}")
    assert found == []


def test_the_reverse_relation_check_knows_the_relations_it_guards():
    assert {"notifications", "sign_offs", "mentorships_as_learner"} <= reverse_names_into(
        "profiles"
    )
    assert "ratings" in reverse_names_into("ladder")
