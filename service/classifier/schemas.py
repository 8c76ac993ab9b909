from __future__ import annotations

from marshmallow import Schema, fields, validate

from service.items.schemas import StrictSchema


class ModelVersionOut(Schema):
    name = fields.String()
    status = fields.String(metadata={"description": "candidate, active or retired"})
    shadow = fields.Boolean(metadata={"description": "Scoring live traffic beside the active one."})
    recipe = fields.String()
    checksum = fields.String(metadata={"description": "SHA-256 of the artifact."})
    artifact_size = fields.Integer()
    created_at = fields.DateTime()
    activated_at = fields.DateTime(allow_none=True)
    snapshot = fields.Dict(
        allow_none=True,
        metadata={
            "description": "The training data: digest and counts per source, label, language."
        },
    )
    facts = fields.Dict(
        metadata={"description": "Library versions, data summary, metrics, gate comparison."}
    )


class ModelPageOut(Schema):
    models = fields.List(fields.Nested(ModelVersionOut))


class PromoteIn(StrictSchema):
    force = fields.Boolean(
        load_default=False, metadata={"description": "Promote past a refusing gate."}
    )
    reason = fields.String(
        load_default=None,
        validate=validate.Length(1, 1000),
        metadata={"description": "Why; required to force."},
    )


class RollbackIn(StrictSchema):
    reason = fields.String(load_default=None, validate=validate.Length(1, 1000))


class ShadowIn(StrictSchema):
    enabled = fields.Boolean(required=True)


class PromotionOut(Schema):
    active = fields.String()
    comparison = fields.Dict(
        metadata={"description": "The gate's comparison with the last active."}
    )


class TrainIn(StrictSchema):
    random_state = fields.Integer(load_default=0, validate=validate.Range(0, 2**31 - 1))


class JobOut(Schema):
    id = fields.String()
    status = fields.String(metadata={"description": "queued, running, succeeded or failed"})
    step = fields.String()
    steps_done = fields.Integer()
    steps_total = fields.Integer()
    progress = fields.Float(metadata={"description": "0 to 1"})
    requested_by = fields.String()
    model = fields.String(allow_none=True, metadata={"description": "The candidate it trained."})
    snapshot = fields.Dict(allow_none=True)
    error = fields.String(allow_none=True)
    created_at = fields.DateTime()
    started_at = fields.DateTime(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)


class AgreementQuery(Schema):
    days = fields.Integer(load_default=7, validate=validate.Range(1, 365))


class AgreementOut(Schema):
    version = fields.String()
    items = fields.Integer()
    same_decision = fields.Integer()
    agreement = fields.Float(allow_none=True)
    decisions = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={"description": "'active->shadow' decision pairs and their counts."},
    )
    mean_difference = fields.Dict(keys=fields.String(), values=fields.Float())
