"""The dependency locks: the image installs requirements/base.txt only, `make install`
and CI requirements/dev.txt; both hash every file, and torch is the CPU build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

REQUIREMENTS = Path(settings.BASE_DIR) / "requirements"
# Imported by tests, lint or the benchmark only: never in the production image.
DEVELOPMENT_ONLY = {
    "pytest",
    "pytest-django",
    "factory-boy",
    "faker",
    "playwright",
    "schemathesis",
    "hypothesis",
    "aiohttp",
    "python-docx",
    "ruff",
    "mypy",
    "django-stubs",
    "djangorestframework-stubs",
    "uv",
    "moto",
}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==(\S+)")


def _name(raw: str) -> str:
    return re.sub(r"[-_.]+", "-", raw).lower()


def _entries(lock: str) -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) of a `--generate-hashes` lock."""
    entries: dict[str, tuple[str, list[str]]] = {}
    current = None
    for line in (REQUIREMENTS / lock).read_text().splitlines():
        if match := PIN.match(line):
            current = _name(match[1])
            entries[current] = (match[2], [])
        elif current and (hashed := re.search(r"--hash=(sha256:[0-9a-f]{64})", line)):
            entries[current][1].append(hashed[1])
    return entries


def _pins(source: str) -> dict[str, str]:
    """Direct pins of a .in file, following `-r` includes."""
    pins: dict[str, str] = {}
    for line in (REQUIREMENTS / source).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            pins.update(_pins(line[3:].strip()))
        elif match := PIN.match(line):
            pins[_name(match[1])] = match[2]
    return pins


def _requirement_lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")]


def test_requirements_txt_only_pins_torch_and_includes_the_development_lock():
    lines = _requirement_lines(Path(settings.BASE_DIR) / "requirements.txt")
    assert lines == [*_requirement_lines(REQUIREMENTS / "torch.txt"), "-r requirements/dev.txt"], (
        "add a package to requirements/base.in (runtime) or requirements/dev.in, then run `make lock`"
    )


@pytest.mark.parametrize("lock", ["base.txt", "dev.txt", "torch.txt"])
def test_every_locked_file_carries_a_hash(lock):
    entries = _entries(lock)
    assert entries
    assert not [name for name, (_, hashes) in entries.items() if not hashes]


@pytest.mark.parametrize(("source", "lock"), [("base.in", "base.txt"), ("dev.in", "dev.txt")])
def test_the_locks_hold_what_the_in_files_ask_for(source, lock):
    # An edit to a .in file without `make lock` leaves the lock behind.
    locked = {name: version for name, (version, _) in _entries(lock).items()}
    assert {name: locked.get(name) for name in _pins(source)} == _pins(source)


def test_development_runs_the_runtime_versions():
    base = _entries("base.txt")
    dev = _entries("dev.txt")
    assert {name: dev.get(name) for name in base} == base


def test_the_image_carries_no_development_package():
    assert DEVELOPMENT_ONLY & set(_entries("base.txt")) == set()
    assert DEVELOPMENT_ONLY <= set(_entries("dev.txt"))


def test_torch_is_the_cpu_build_installed_first():
    base = _entries("base.txt")
    assert base["torch"][0].endswith("+cpu")
    assert _entries("torch.txt") == {"torch": base["torch"]}
    # The CUDA build's companions must never be drawn in.
    assert not [name for name in _entries("dev.txt") if name.startswith(("nvidia-", "triton"))]
