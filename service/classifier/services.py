"""The model registry: register trained versions, activate one, load the active one safely."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from sqlalchemy import func, select, update

from ml.artifact import ArtifactError, checksum, load_model
from ml.model import ModerationModel
from ml.training import TrainedModel
from service.classifier.models import ModelStatus, ModelVersion
from service.db import db, utcnow
from service.errors import NotFound, Unavailable

log = logging.getLogger(__name__)


class NoActiveModel(Unavailable):
    code, title = "no_active_model", "No active model"


@dataclass(frozen=True)
class LoadedModel:
    version_id: int
    name: str
    model: ModerationModel


CACHED_VERSIONS = 2
# Keyed by id and checksum: an id names one artifact for the life of a database.
_cache: dict[tuple[int, str], LoadedModel] = {}
_cache_lock = threading.Lock()


def register(trained: TrainedModel, activate: bool = False) -> ModelVersion:
    """Store a trained model as a new candidate version (and make it active if asked)."""
    number = (db.session.scalar(select(func.count()).select_from(ModelVersion)) or 0) + 1
    version = ModelVersion(
        name=f"{trained.facts['recipe']}-{number}",
        recipe=trained.facts["recipe"],
        checksum=trained.checksum,
        artifact_size=len(trained.artifact),
        artifact=trained.artifact,
        facts=trained.facts,
        status=ModelStatus.CANDIDATE,
    )
    db.session.add(version)
    db.session.flush()
    if activate:
        _activate(version)
    db.session.commit()
    return version


def _activate(version: ModelVersion) -> None:
    db.session.execute(
        update(ModelVersion)
        .where(ModelVersion.status == ModelStatus.ACTIVE, ModelVersion.id != version.id)
        .values(status=ModelStatus.RETIRED)
    )
    db.session.flush()
    version.status = ModelStatus.ACTIVE
    version.activated_at = utcnow()


def activate(version: ModelVersion) -> None:
    _activate(version)
    db.session.commit()


def active_version() -> ModelVersion | None:
    return db.session.scalar(select(ModelVersion).where(ModelVersion.status == ModelStatus.ACTIVE))


def list_versions() -> list[ModelVersion]:
    return list(db.session.scalars(select(ModelVersion).order_by(ModelVersion.id)))


def load_version(version: ModelVersion) -> LoadedModel:
    """Load (once per process) and verify a version's artifact; ArtifactError if it is doubtful."""
    with _cache_lock:
        key = (version.id, version.checksum)
        cached = _cache.get(key)
        if cached is not None:
            return cached
        model = load_model(version.artifact, version.checksum, version.facts.get("libraries", {}))
        loaded = LoadedModel(version.id, version.name, model)
        # Keep the newest two (the active version and a shadow candidate): a worker that
        # switched versions frees older ones.
        while len(_cache) >= CACHED_VERSIONS:
            del _cache[next(iter(_cache))]
        _cache[key] = loaded
        return loaded


class UnknownModel(NotFound):
    code, title = "unknown_model", "Unknown model version"


def load_named(name: str) -> LoadedModel:
    """A registered version by name, verified; raises UnknownModel or ArtifactError."""
    version = db.session.scalar(select(ModelVersion).where(ModelVersion.name == name))
    if version is None:
        raise UnknownModel(f"no model version {name!r}; `commentguard models list` shows them")
    return load_version(version)


def load_active() -> LoadedModel:
    """The active model, verified; raises NoActiveModel or ArtifactError."""
    version = active_version()
    if version is None:
        raise NoActiveModel("No model is active; run `commentguard train`.")
    return load_version(version)


def warm_active() -> LoadedModel | None:
    """Load the active model and score one text with it, so that the first comment a worker
    process sees does not wait seconds for the artifact to load. None when there is no model
    to load yet or its artifact is refused: the first task then reports why."""
    try:
        loaded = load_active()
    except (NoActiveModel, ArtifactError) as error:
        log.info("no model loaded ahead of the first task: %s", error)
        return None
    loaded.model.predict_scores(["warm-up"])
    log.info("model %s loaded", loaded.name)
    return loaded


_verified: set[tuple[int, str]] = set()


def check_active() -> str | None:
    """None when a model is active and its artifact matches its checksum, else what is wrong.

    For /readyz: the API process verifies the artifact (once per version) without loading it;
    workers load it, and refuse it on any mismatch.
    """
    version = active_version()
    if version is None:
        return "no model is active; run `commentguard train`"
    if (version.id, version.checksum) not in _verified:
        if checksum(version.artifact) != version.checksum:
            return f"model {version.name}: artifact does not match its checksum"
        _verified.add((version.id, version.checksum))
    return None
