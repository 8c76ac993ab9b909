from __future__ import annotations

from marshmallow import Schema, fields, validate

from service.items.schemas import StrictSchema
from service.reports.services import READER_REASONS


class ReportIn(StrictSchema):
    reader_id = fields.String(
        load_default=None,
        validate=validate.Length(1, 255),
        metadata={"description": "The reporting reader's id on the host site; counted once."},
    )
    reason = fields.String(load_default="other", validate=validate.OneOf(READER_REASONS))
    note = fields.String(load_default=None, validate=validate.Length(max=2000))


class ReportOut(Schema):
    id = fields.String()
    item_id = fields.String()
    reason = fields.String()
    reports = fields.Integer(metadata={"description": "Readers who reported the item so far."})
    status = fields.String(metadata={"description": "The item's status after this report."})
    sent_to_review = fields.Boolean(
        metadata={"description": "This report sent the approved item back to review."}
    )
