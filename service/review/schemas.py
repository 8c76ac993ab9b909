from __future__ import annotations

from marshmallow import Schema, fields, validate

from service.items.models import ItemKind
from service.items.schemas import ISO_LANGUAGE, ItemOut, StrictSchema
from service.review.services import ACTIONS, MAX_NOTE_LENGTH, QUEUES, REJECT_REASONS, SORTS


class QueueQuery(Schema):
    queue = fields.String(
        load_default=QUEUES[0],
        validate=validate.OneOf(QUEUES),
        metadata={"description": "held: held by the policy; reported: sent back by readers."},
    )
    site = fields.String(validate=validate.Length(1, 100), metadata={"description": "Site name."})
    article = fields.String(
        validate=validate.Length(1, 255), metadata={"description": "Article external id."}
    )
    language = fields.String(validate=ISO_LANGUAGE)
    reason = fields.String(
        validate=validate.Length(1, 50),
        metadata={"description": "A reason code, e.g. spam_suspect, toxicity_suspect, reported."},
    )
    kind = fields.String(validate=validate.OneOf([k.value for k in ItemKind]))
    sort = fields.String(
        load_default="risk",
        validate=validate.OneOf(SORTS),
        metadata={"description": "risk: highest score first; age: longest waiting first."},
    )
    limit = fields.Integer(load_default=25, validate=validate.Range(1, 100))
    cursor = fields.String(metadata={"description": "next_cursor of the previous page."})


class ReviewOut(Schema):
    queue = fields.String(allow_none=True)
    reasons = fields.List(fields.String())
    risk = fields.Float(allow_none=True)
    held_at = fields.DateTime(allow_none=True)
    reports = fields.Integer()
    site = fields.String()


class QueueItemOut(ItemOut):
    review = fields.Nested(ReviewOut)


class QueuePageOut(Schema):
    items = fields.List(fields.Nested(QueueItemOut))
    next_cursor = fields.String(allow_none=True)
    counts = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={"description": "Items waiting in each queue, under the same filters."},
    )


class DecisionIn(StrictSchema):
    action = fields.String(required=True, validate=validate.OneOf(ACTIONS))
    reason = fields.String(
        load_default=None,
        validate=validate.OneOf(REJECT_REASONS),
        metadata={"description": "Required to reject."},
    )
    note = fields.String(load_default=None, validate=validate.Length(max=MAX_NOTE_LENGTH))


class BulkDecisionIn(DecisionIn):
    item_ids = fields.List(
        fields.UUID(),
        required=True,
        validate=validate.Length(1, 100),
        metadata={"description": "1 to 100 item ids."},
    )


class SkippedOut(Schema):
    item_id = fields.String()
    code = fields.String()
    detail = fields.String()


class ActionOut(Schema):
    action_id = fields.String(metadata={"description": "Undo reverts a whole action."})
    decided = fields.List(fields.Nested(QueueItemOut))
    unchanged = fields.List(fields.Nested(QueueItemOut))
    skipped = fields.List(fields.Nested(SkippedOut))
