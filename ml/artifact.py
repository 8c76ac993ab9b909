"""Model artifacts: bytes with a SHA-256 checksum, read back only through skops' safe loader."""

from __future__ import annotations

import hashlib
import io
import platform
import zipfile
from typing import Any

import numpy
import scipy
import sklearn
import skops

from ml.features import FEATURES_VERSION
from ml.model import ModerationModel

# Our own types, trusted by name; anything else skops does not know is refused.
TRUSTED_TYPES = [
    "ml.model.ModerationModel",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "ml.features.TextNormaliser",
    "ml.features.SpamSignals",
    "ml.features.AbuseSignals",
    "ml.ngrams.CharNgramHasher",
    "ml.ngrams.WordNgramHasher",
    "ml.ratio_regression.RatioScaledRegression",
    "ml.identity.mask_group_names",
]


class ArtifactError(Exception):
    """An artifact that must not be loaded: a checksum or library mismatch, or an unknown type."""


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def library_versions() -> dict[str, str]:
    return {
        "commentguard-features": str(FEATURES_VERSION),
        "python": platform.python_version(),
        "scikit-learn": sklearn.__version__,
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
        "skops": skops.__version__,
    }


def dump_model(model: ModerationModel) -> bytes:
    import skops.io  # on first use: it imports every estimator it knows, a second of start-up

    return skops.io.dumps(model, compression=zipfile.ZIP_DEFLATED, compresslevel=6)


def load_model(data: bytes, expected_checksum: str, versions: dict[str, Any]) -> ModerationModel:
    """Verify and load an artifact; raise ArtifactError rather than load anything doubtful."""
    actual = checksum(data)
    if actual != expected_checksum:
        raise ArtifactError(
            f"artifact checksum {actual[:12]}… does not match the registered "
            f"{expected_checksum[:12]}…; the artifact was altered or damaged"
        )
    ours = sklearn.__version__.split(".")[:2]
    theirs = str(versions.get("scikit-learn", "")).split(".")[:2]
    if ours != theirs:
        raise ArtifactError(
            f"artifact was trained with scikit-learn {versions.get('scikit-learn')}, this process "
            f"runs {sklearn.__version__}; retrain with `commentguard train`"
        )
    if str(versions.get("commentguard-features")) != str(FEATURES_VERSION):
        raise ArtifactError(
            f"artifact was trained with feature set {versions.get('commentguard-features')}, "
            f"this code computes feature set {FEATURES_VERSION}; retrain with `commentguard train`"
        )
    import skops.io

    untrusted = skops.io.get_untrusted_types(data=data)
    unknown = sorted(set(untrusted) - set(TRUSTED_TYPES))
    if unknown:
        raise ArtifactError(f"artifact holds types that are not trusted: {', '.join(unknown)}")
    model = skops.io.load(io.BytesIO(data), trusted=untrusted)
    if not isinstance(model, ModerationModel):
        raise ArtifactError(f"artifact holds a {type(model).__name__}, not a ModerationModel")
    return model
