"""Shared fixtures: in-memory stores with the reference graph, and the article-facts fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.store import open_store

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def reference_store():
    """A store holding the ontology and reference graph only. Tests must not write to it."""
    return open_store(":memory:")


@pytest.fixture(scope="session")
def facts_store():
    """The reference graph plus the invented articles of fixtures/article-facts.trig."""
    store = open_store(":memory:")
    store.oxigraph.load(path=str(FIXTURES / "article-facts.trig"))
    return store


@pytest.fixture
def fresh_store():
    """A store of its own, for tests that write."""
    return open_store(":memory:")


@pytest.fixture
def run_kg(capsys, monkeypatch, tmp_path):
    """Run the ``kg`` command in-process; returns (exit code, stdout, stderr).

    The store defaults to a fresh folder under tmp_path so no test touches the user's store.
    """
    monkeypatch.setenv("KG_STORE", str(tmp_path / "store"))

    def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
        import io
        import sys

        from kg.cli import main

        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


# Debian's Chromium, driven by Playwright (``playwright install`` is never run: it downloads a browser).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def chromium():
    """A real headless Chromium (Playwright ``Browser``) for the whole session; skips without one."""
    if not CHROMIUM.exists():
        pytest.skip(f"no browser at {CHROMIUM}: install Debian's chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
