"""``pip install .`` gives a kg that finds its ontology, reference data and queries without a checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True)
    (found,) = out.glob("kommunegraf-*.whl")
    return found


def test_wheel_carries_the_assets(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "kg/_assets/ontology/kommunegraf.ttl" in names
    assert "kg/_assets/ontology/shapes.ttl" in names
    assert "kg/_assets/data/reference/municipalities_2024.csv" in names
    assert "kg/_assets/data/reference/SOURCES.md" in names
    assert "kg/_assets/data/places.csv" in names and "kg/_assets/data/articles/index.jsonl" in names
    assert "kg/nlp/model/meta.json" in names and "kg/nlp/model/ner/model" in names
    assert "kg/export/assets/cytoscape.min.js" in names and "kg/export/assets/viewer.js" in names
    shipped = {Path(n).name for n in names if n.startswith("kg/_assets/queries/")}
    assert shipped >= {p.name for p in (ROOT / "queries").glob("*.rq")}


def test_installed_kg_works_outside_the_checkout(wheel, tmp_path):
    # Install only kommunegraf into a folder of its own; its dependencies come from this interpreter.
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                    str(wheel)], check=True, capture_output=True)
    env = {"KG_STORE": str(tmp_path / "store"), "PYTHONPATH": str(target), "HOME": str(tmp_path),
           "PATH": "/usr/bin:/bin"}
    root = subprocess.run([sys.executable, "-c", "import kg.assets; print(kg.assets.asset_root())"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout
    assert root.strip() == str(target / "kg" / "_assets")
    result = subprocess.run([sys.executable, str(target / "bin" / "kg"), "query", "counties", "-p", "date=2024-06-01"],
                            cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 16
    # the Norwegian pipeline loads from the installed package, with no network and no checkout
    loaded = subprocess.run([sys.executable, "-c", "import kg.nlp; nlp = kg.nlp.load_pipeline(); "
                             "doc = nlp('Kari Holm er ordførar i Lier.'); print(kg.nlp.MODEL); print(len(doc))"],
                            cwd=tmp_path, env=env, capture_output=True, text=True)
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.split() == [str(target / "kg" / "nlp" / "model"), "7"]
