"""The docs stay honest: every command has help text and is in the README's command table."""

from __future__ import annotations

import re
from pathlib import Path

from kg.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_command_has_help_and_a_readme_row():
    listed = set(re.findall(r"^\| `kg (\w+)", README, flags=re.MULTILINE))
    for name, command in cli.commands.items():
        assert command.help and command.help.strip(), f"kg {name} has no help text"
        assert name in listed, f"kg {name} is missing from the README's command table"
    assert listed <= set(cli.commands), f"README lists commands that do not exist: {listed - set(cli.commands)}"


def test_readme_test_command_is_what_ci_runs():
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -e '.[test]' && python -m pytest -q" in README
    assert "-e '.[test]'" in ci and "pytest -q" in ci


def test_docstring_examples_run():
    """Every example in the package's docstrings gives what it shows (they are documentation)."""
    import doctest
    import importlib
    import pkgutil

    import kg

    failed = []
    for info in pkgutil.walk_packages(kg.__path__, "kg."):
        module = importlib.import_module(info.name)
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False, report=False)
        if result.failed:
            failed.append(f"{info.name}: {result.failed} of {result.attempted}")
    assert not failed, "docstring examples that fail (python -m pytest --doctest-modules kg): " + "; ".join(failed)
