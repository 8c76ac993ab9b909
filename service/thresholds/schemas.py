from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from service.items.schemas import StrictSchema
from service.thresholds.services import DEFAULT_DAYS, MAX_DAYS

UNIT = validate.Range(0.0, 1.0)


class SuggestionQuery(Schema):
    precision = fields.Float(
        validate=validate.Range(0.0, 1.0, min_inclusive=False),
        metadata={"description": "Target precision of the reject thresholds, e.g. 0.95."},
    )
    capacity = fields.Integer(
        validate=validate.Range(0, 1_000_000),
        metadata={"description": "Items the moderators can review per day, e.g. 200."},
    )
    days = fields.Integer(
        load_default=DEFAULT_DAYS,
        validate=validate.Range(1, MAX_DAYS),
        metadata={"description": "How many recent days of items are the evidence."},
    )


class LimitsIn(StrictSchema):
    hold = fields.Float(required=True, validate=UNIT)
    reject = fields.Float(required=True, validate=UNIT)

    @validates_schema
    def _hold_not_above_reject(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data["hold"] > data["reject"]:
            raise ValidationError("hold must not be above reject.", "hold")


class ThresholdChangesIn(StrictSchema):
    spam = fields.Nested(LimitsIn)
    toxicity = fields.Nested(LimitsIn)

    @validates_schema
    def _at_least_one(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not data:
            raise ValidationError("Give the thresholds of at least one score.")


class ThresholdsIn(StrictSchema):
    thresholds = fields.Nested(ThresholdChangesIn, required=True)


class LimitsOut(Schema):
    hold = fields.Float()
    reject = fields.Float()


class EvidenceOut(Schema):
    items = fields.Integer(metadata={"description": "Scored items in the window."})
    labelled = fields.Integer(metadata={"description": "Of them, decided by a moderator."})
    positives = fields.Integer(metadata={"description": "Of those, rejected for this score."})


class VolumesOut(Schema):
    approved_per_day = fields.Float()
    held_per_day = fields.Float()
    rejected_per_day = fields.Float()


class ScoreSuggestionOut(Schema):
    name = fields.String()
    current = fields.Nested(LimitsOut)
    suggested = fields.Nested(LimitsOut)
    evidence = fields.Nested(EvidenceOut)
    precision_current = fields.Float(allow_none=True)
    precision_suggested = fields.Float(allow_none=True)
    volumes_current = fields.Nested(VolumesOut, metadata={"description": "This score alone."})
    volumes_suggested = fields.Nested(VolumesOut)


class SuggestionOut(Schema):
    site = fields.String()
    days = fields.Integer()
    per_day_over = fields.Float(
        metadata={"description": "Days the rates are per: the window, or the site's age."}
    )
    target_precision = fields.Float(allow_none=True)
    daily_capacity = fields.Integer(allow_none=True)
    scores = fields.Dict(keys=fields.String(), values=fields.Nested(ScoreSuggestionOut))
    overall_current = fields.Nested(
        VolumesOut, metadata={"description": "Both scores together, as the policy decides."}
    )
    overall_suggested = fields.Nested(VolumesOut)
    thresholds = fields.Dict(
        keys=fields.String(),
        values=fields.Nested(LimitsOut),
        metadata={"description": "The suggested thresholds, ready to POST to .../thresholds."},
    )
    changed = fields.Boolean()
    notes = fields.List(fields.String())


class ThresholdsOut(Schema):
    site = fields.String()
    thresholds = fields.Dict(keys=fields.String(), values=fields.Nested(LimitsOut))
