"""The README's layers ("How to change things"), checked: no app's code imports an app
above it, but for the two exceptions the README names."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

# Bottom to top; the apps of one row may import each other. A dotted name is a part of
# an app that sits lower than the rest of it.
LAYERS = [
    ["companies"],
    ["accounts"],
    ["jobs"],
    ["resumes"],
    ["messaging"],
    ["pipeline.models", "pipeline.status"],
    ["matching"],
    ["sharing", "notes", "interviews"],
    ["pipeline"],
    ["careers", "integrations"],
    ["reports", "merging"],
    ["demo"],
    ["config"],
]
EXCEPTIONS = {
    # Moving a candidate from the ranked list and the candidates API.
    ("matching.views", "pipeline"),
    ("matching.api.views", "pipeline"),
    # The parsing snapshot (a test tool) records the skills found in each document.
    ("resumes.snapshot", "matching.skills"),
}
APPS = {name.split(".")[0] for row in LAYERS for name in row}


def _layer(module: str) -> int:
    """The row of the longest name in LAYERS that `module` is or lies in."""
    found = [
        (len(name), row)
        for row, names in enumerate(LAYERS)
        for name in names
        if module == name or module.startswith(name + ".")
    ]
    return max(found)[1]


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from pipeline import services` imports pipeline.services.
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return [name for name in names if name.split(".")[0] in APPS]


def _excepted(module: str, imported: str) -> bool:
    return any(
        module == exempt and (imported == target or imported.startswith(target + ".")) for exempt, target in EXCEPTIONS
    )


def test_no_app_imports_an_app_above_it():
    base = Path(settings.BASE_DIR)
    upward = []
    for app in sorted(APPS):
        for path in sorted((base / app).rglob("*.py")):
            parts = path.relative_to(base).with_suffix("").parts
            if {"tests", "migrations"} & set(parts):
                continue
            module = ".".join(parts).removesuffix(".__init__")
            upward += [
                f"{module} imports {imported}"
                for imported in _imports(path)
                if _layer(imported) > _layer(module) and not _excepted(module, imported)
            ]
    assert upward == []


def test_the_layers_name_every_app():
    installed = {app.split(".")[0] for app in settings.INSTALLED_APPS}
    assert APPS - {"config"} <= installed
    ours = {path.parent.name for path in Path(settings.BASE_DIR).glob("*/apps.py")}
    assert ours <= APPS
