"""The labelled-data store: imports keep provenance and never store a text twice."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Flask

from service.cli import cli
from service.labels.services import stored_examples

DATA_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def test_importing_a_public_dataset_keeps_source_group_and_task(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        cli, ["data", "import", "youtube_spam_collection", "--data-dir", str(DATA_DIR)]
    )

    assert result.exit_code == 0, repr(result.exception)
    with app.app_context():
        examples = stored_examples()
    assert {e.source for e in examples} == {"youtube_spam_collection"}
    assert {e.group for e in examples} == {
        "Youtube01-Psy",
        "Youtube02-KatyPerry",
        "Youtube03-LMFAO",
        "Youtube04-Eminem",
    }
    assert {e.label for e in examples} == {"spam", "clean"}
    assert all(e.tasks == ("spam",) for e in examples)


def test_importing_twice_adds_nothing_the_second_time(app: Flask) -> None:
    runner = app.test_cli_runner()
    args = ["data", "import", "turkish_sms_collection", "--data-dir", str(DATA_DIR)]
    runner.invoke(cli, args)

    second = runner.invoke(cli, args)

    assert second.exit_code == 0
    assert "0 examples added" in second.output


def test_an_unknown_dataset_name_lists_the_known_ones(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        cli, ["data", "import", "tweets", "--data-dir", str(DATA_DIR)]
    )

    assert result.exit_code == 2
    assert "youtube_spam_collection" in result.output


def test_importing_a_csv_maps_columns_and_labels(app: Flask, tmp_path: Path) -> None:
    path = tmp_path / "ours.csv"
    path.write_text("body,verdict\nBuy now at cheap.example,junk\nNice article,ok\n,ok\nHm,maybe\n")

    result = app.test_cli_runner().invoke(
        cli,
        [
            "data", "import-file", str(path), "--source", "our-archive", "--task", "spam",
            "--text-column", "body", "--label-column", "verdict",
            "--label-map", "junk=spam,ok=clean", "--lang", "en",
        ],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    with app.app_context():
        examples = {e.text: e for e in stored_examples()}
    assert set(examples) == {"Buy now at cheap.example", "Nice article"}
    assert examples["Buy now at cheap.example"].label == "spam"
    assert examples["Nice article"].source == "our-archive"


def test_importing_json_lines_reads_each_rows_language(app: Flask, tmp_path: Path) -> None:
    path = tmp_path / "ours.jsonl"
    rows = [
        {"text": "Sən axmaqsan", "y": "1", "lang": "az"},
        {"text": "Salam", "y": "0", "lang": "az"},
    ]
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows))

    result = app.test_cli_runner().invoke(
        cli,
        [
            "data", "import-file", str(path), "--source", "az-forum", "--task", "toxicity",
            "--label-column", "y", "--label-map", "1=toxic,0=clean", "--lang-column", "lang",
        ],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    with app.app_context():
        assert {(e.label, e.lang) for e in stored_examples()} == {("toxic", "az"), ("clean", "az")}
