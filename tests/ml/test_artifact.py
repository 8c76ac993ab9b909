"""Artifacts load only when their checksum, libraries and types are what was registered."""

from __future__ import annotations

import pytest

from ml.artifact import ArtifactError, load_model
from ml.model import ModerationModel
from ml.training import TrainedModel


def test_artifact_round_trips(seed_model: TrainedModel) -> None:
    model = load_model(seed_model.artifact, seed_model.checksum, seed_model.facts["libraries"])

    texts = ["Good match yesterday.", "Free bonus at http://bit.ly/x"]
    assert isinstance(model, ModerationModel)
    assert model.predict_scores(texts) == seed_model.model.predict_scores(texts)


def test_altered_artifact_is_refused(seed_model: TrainedModel) -> None:
    altered = seed_model.artifact[:-1] + bytes([seed_model.artifact[-1] ^ 1])

    with pytest.raises(ArtifactError, match="checksum"):
        load_model(altered, seed_model.checksum, seed_model.facts["libraries"])


def test_artifact_from_another_scikit_learn_is_refused(seed_model: TrainedModel) -> None:
    libraries = {**seed_model.facts["libraries"], "scikit-learn": "0.1.0"}

    with pytest.raises(ArtifactError, match="scikit-learn"):
        load_model(seed_model.artifact, seed_model.checksum, libraries)


def test_facts_describe_the_training_data(seed_model: TrainedModel) -> None:
    data = seed_model.facts["data"]

    assert set(data["by_label"]) == {"clean", "spam", "toxic"}
    assert set(data["by_language"]) == {"az", "ru", "en", "tr"}
    assert len(data["sha256"]) == 64


def test_artifact_from_another_feature_set_is_refused(seed_model: TrainedModel) -> None:
    libraries = {**seed_model.facts["libraries"], "commentguard-features": "1"}

    with pytest.raises(ArtifactError, match="feature set"):
        load_model(seed_model.artifact, seed_model.checksum, libraries)
