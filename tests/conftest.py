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
    store.refresh_union()
    return store


@pytest.fixture(scope="module")
def built_store_path(tmp_path_factory):
    """A store on disk built as `kg build` builds it (reference graph and the sample article), for
    tests that run the command in a process of its own. Tests must not write to it."""
    from kg.builder import build

    path = tmp_path_factory.mktemp("built") / "store"
    with open_store(path, bootstrap=False) as store:
        build(store)
    return path


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


# -- real SPARQL servers on loopback ---------------------------------------------------------------

def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(url: str, process, seconds: float = 30.0) -> None:
    import time
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {process.stderr.read().decode()[-500:]}")
        try:
            with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not answer within {seconds} s")


def _oxigraph_binary() -> str:
    import shutil
    import sys

    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).exists():
        pytest.fail("the oxigraph server is not installed: pip install -e '.[test]' (PyPI package oxigraph)")
    return found


class OxigraphServer:
    """A real ``oxigraph serve`` on 127.0.0.1 with its own data folder; stopped by the fixture."""

    def __init__(self, folder: Path, *, union: bool = True, read_only: bool = False):
        import subprocess

        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        mode = "serve-read-only" if read_only else "serve"
        command = [_oxigraph_binary(), mode, "--location", str(folder), "--bind", f"127.0.0.1:{self.port}"]
        if union:
            command.append("--union-default-graph")
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _wait_until_up(self.query_url, self.process)

    query_url = property(lambda self: f"{self.base}/query")
    update_url = property(lambda self: f"{self.base}/update")
    store_url = property(lambda self: f"{self.base}/store")

    def options(self, graph_store: bool = True, endpoint_flag: str = "--endpoint") -> list[str]:
        """The kg options that make a command use this server as its store."""
        found = [endpoint_flag, self.query_url, "--update-endpoint", self.update_url]
        return found + (["--graph-store", self.store_url] if graph_store else [])

    def clear(self) -> None:
        import urllib.request

        request = urllib.request.Request(self.update_url, data=b"DROP ALL", method="POST",
                                         headers={"Content-Type": "application/sparql-update"})
        urllib.request.urlopen(request, timeout=30).read()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except Exception:
            self.process.kill()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """An empty ``oxigraph serve --union-default-graph`` for the session (tests clear it first)."""
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def wikidata_server(tmp_path_factory):
    """``oxigraph serve-read-only`` holding the Wikidata-shaped fixture in its default graph."""
    import subprocess

    folder = tmp_path_factory.mktemp("wikidata")
    subprocess.run([_oxigraph_binary(), "load", "--location", str(folder), "--file",
                    str(FIXTURES / "wikidata.ttl")], check=True, capture_output=True)
    server = OxigraphServer(folder, union=False, read_only=True)
    yield server
    server.stop()


#: An invented article that contradicts the Wikidata fixture: Tromsø's mayor in May 2021 was
#: (in the fixture, as in reality) Gunnar Wilhelmsen.
TROMSO_ARTICLE = "Tromsø-ordfører Per Olsen åpnet den nye brua mandag."


@pytest.fixture(scope="session")
def linked_store(wikidata_server):
    """The sample article and the Tromsø article, linked to the Wikidata fixture. Read only."""
    from datetime import date

    from kg.assets import asset_path
    from kg.ingestion import ingest, ingest_articles
    from kg.link import link_wikidata
    from kg.sources import Article

    store = open_store(":memory:")
    ingest(store, [asset_path("data", "articles")])
    ingest_articles(store, [Article("tromso-bru", TROMSO_ARTICLE, date=date(2021, 5, 3))])
    store.report = link_wikidata(store, wikidata_server.query_url, min_interval=0)
    return store


# -- the real command in a process of its own ------------------------------------------------------

@pytest.fixture
def kg_process(tmp_path):
    """Run ``kg`` as a separate process (``python -m kg.cli``), bounded in time; returns the
    CompletedProcess. The store defaults to a folder under tmp_path."""
    import os
    import subprocess
    import sys

    def run(*args: str, stdin: str | None = None, timeout: float = 120, prefix: tuple[str, ...] = (), **popen):
        env = {**os.environ, "KG_STORE": str(tmp_path / "store"), **popen.pop("env", {})}
        popen = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **popen}
        return subprocess.run([*prefix, sys.executable, "-m", "kg.cli", *map(str, args)], input=stdin,
                              text=True, timeout=timeout, env=env, **popen)

    return run


# -- file systems that refuse writes ---------------------------------------------------------------

#: Run a command as root without the powers that let root write where permissions say no, so that
#: a folder of mode 555 refuses it as it refuses any user (tests run as root; /root is not
#: readable by other users, so running as nobody would not find Python).
WITHOUT_ROOT_POWERS = ("setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--")


@pytest.fixture
def mounts(tmp_path):
    """Mount a read-only view of a folder, or a small tmpfs, for the test; unmounted afterwards.
    Skips the test where mounting is not allowed (not root, or no mount(8))."""
    import subprocess

    mounted = []

    def mount(*args) -> Path:
        target = tmp_path / f"mount-{len(mounted)}"
        target.mkdir()
        for options in args:
            done = subprocess.run(["mount", *map(str, options), target], capture_output=True, text=True)
            if done.returncode != 0:
                pytest.skip(f"cannot mount here ({done.stderr.strip()}); the test needs root and mount(8)")
            if target not in mounted:
                mounted.append(target)
        return target

    class Mounts:
        @staticmethod
        def read_only(folder: Path) -> Path:
            """``folder`` seen through a read-only bind mount."""
            return mount(("--bind", folder), ("-o", "remount,bind,ro"))

        @staticmethod
        def tmpfs(size: str) -> Path:
            """An empty tmpfs of ``size`` (e.g. ``"64m"``)."""
            return mount(("-t", "tmpfs", "-o", f"size={size}", "tmpfs"))

    yield Mounts()
    for target in reversed(mounted):
        subprocess.run(["umount", "-l", target], capture_output=True)


def fill(folder: Path) -> None:
    """Fill the file system of ``folder`` to the last byte."""
    import errno

    with open(folder / "filler", "wb", buffering=0) as out:  # unbuffered: nothing left to fail on close
        for block in (1 << 20, 1 << 10, 1):  # a megabyte at a time, then the last few blocks
            try:
                while out.write(b"\0" * block):
                    pass
            except OSError as error:
                assert error.errno == errno.ENOSPC, error
