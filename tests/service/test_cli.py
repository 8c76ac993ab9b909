"""The commentguard command line."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from flask import Flask

from service.cli import cli
from tests.e2e.stack import COMMENTGUARD


def test_sites_create_json_prints_one_object_with_the_key(app: Flask) -> None:
    result = app.test_cli_runner().invoke(cli, ["sites", "create", "daily", "--json"])

    assert result.exit_code == 0, result.output
    created = json.loads(result.output)
    assert created["name"] == "daily"
    assert created["api_key"].startswith("cg_")


def test_the_key_printed_once_authenticates(app: Flask) -> None:
    created = json.loads(
        app.test_cli_runner().invoke(cli, ["sites", "create", "daily", "--json"]).output
    )

    response = app.test_client().get(
        "/v1/items", headers={"Authorization": f"Bearer {created['api_key']}"}
    )

    assert response.status_code == 200


def test_creating_a_site_twice_is_an_error(app: Flask) -> None:
    runner = app.test_cli_runner()
    runner.invoke(cli, ["sites", "create", "daily"])

    result = runner.invoke(cli, ["sites", "create", "daily"])

    assert result.exit_code != 0


def test_a_webhook_that_is_not_a_url_is_refused(app: Flask) -> None:
    result = app.test_cli_runner().invoke(cli, ["sites", "create", "daily", "--webhook", "ftp://x"])

    assert result.exit_code == 2
    assert "--webhook" in result.output


def test_policy_set_changes_the_thresholds(app: Flask) -> None:
    runner = app.test_cli_runner()
    runner.invoke(cli, ["sites", "create", "daily"])

    result = runner.invoke(cli, ["sites", "policy", "daily", "--set", "spam.hold=0.3"])

    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["thresholds"]["spam"] == {"hold": 0.3, "reject": 0.9}


def test_policy_set_refuses_hold_above_reject(app: Flask) -> None:
    runner = app.test_cli_runner()
    runner.invoke(cli, ["sites", "create", "daily"])

    result = runner.invoke(cli, ["sites", "policy", "daily", "--set", "spam.hold=0.95"])

    assert result.exit_code == 2
    assert "must not be above" in result.output


def test_a_bad_setting_stops_the_command_with_the_variable_named(tmp_path: Path) -> None:
    done = subprocess.run(
        [COMMENTGUARD, "sites", "list"],
        env={"COMMENTGUARD_DATA_DIR": str(tmp_path), "COMMENTGUARD_PENDING_TIMEOUT": "soon"},
        capture_output=True,
        text=True,
    )

    assert done.returncode == 2
    assert "COMMENTGUARD_PENDING_TIMEOUT" in done.stderr
    assert "Traceback" not in done.stderr


def test_score_writes_scores_and_explanations_for_each_line(app: Flask) -> None:
    lines = '{"text": "Free 500$ bonus at http://bit.ly/x"}\n\n{"text": "Thanks", "lang": "en"}\n'

    result = app.test_cli_runner().invoke(cli, ["score"], input=lines)

    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [row["text"] for row in rows] == ["Free 500$ bonus at http://bit.ly/x", "Thanks"]
    assert rows[1]["lang"] == "en"
    assert set(rows[0]["scores"]) >= {"spam", "toxicity"}
    assert rows[0]["model_version"] == "seed-1"
    assert rows[0]["explanations"]["spam"]


def test_score_names_the_line_that_is_not_json(app: Flask) -> None:
    result = app.test_cli_runner().invoke(cli, ["score"], input='{"text": "ok"}\nnot json\n')

    assert result.exit_code == 1
    assert "line 2" in result.output


def test_score_with_an_unknown_model_says_how_to_list_them(app: Flask) -> None:
    result = app.test_cli_runner().invoke(cli, ["score", "--model", "nope"], input="")

    assert result.exit_code != 0
