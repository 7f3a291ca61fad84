"""The contract: generated schemas/ equals the models; validate accepts good and rejects bad files."""

from __future__ import annotations

import json

from pipeline.cli import main
from pipeline.schema import SCHEMA_FILE, document_schema

from .conftest import ROOT


def test_checked_in_schema_is_current():
    on_disk = json.loads((ROOT / "schemas" / SCHEMA_FILE).read_text(encoding="utf-8"))
    assert on_disk == document_schema(), "schemas/ is stale: run `make schemas` and commit it"


def test_validate_accepts_extraction_and_rejects_broken(tmp_path, seed_doc, capsys):
    good = tmp_path / "good.json"
    good.write_text(seed_doc.model_dump_json(), encoding="utf-8")
    bad = tmp_path / "bad.json"
    data = seed_doc.model_dump(mode="json")
    data["sections"][0]["level"] = "one"
    bad.write_text(json.dumps(data), encoding="utf-8")
    assert main(["validate", str(good)]) == 0
    assert main(["validate", str(good), str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.json" in err and "sections.0.level" in err


def test_every_command_has_help(capsys):
    import pytest

    for cmd in ("extract", "schema", "validate"):
        with pytest.raises(SystemExit) as e:
            main([cmd, "--help"])
        assert e.value.code == 0
        assert "Example:" in capsys.readouterr().out
