from scripts import schema


def test_the_committed_json_schema_is_up_to_date():
    assert schema.SCHEMA_PATH.read_text(encoding="utf-8") == schema.schema_text(), \
        "run `python -m scripts.schema` and commit docs/data/schema.json"


def test_the_check_command_reports_a_stale_schema(tmp_path, monkeypatch, capsys):
    stale = tmp_path / "schema.json"
    stale.write_text("{}\n", encoding="utf-8")
    monkeypatch.setattr(schema, "SCHEMA_PATH", stale)
    monkeypatch.setattr(schema, "ROOT", tmp_path)
    assert schema.main(["--check"]) == 1
    assert "out of date" in capsys.readouterr().err
    assert schema.main([]) == 0 and stale.read_text(encoding="utf-8") == schema.schema_text()
