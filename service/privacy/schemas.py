"""What an erasure answers: the author it concerned and how much of their data it removed."""

from __future__ import annotations

from marshmallow import Schema, fields


class ErasureOut(Schema):
    site = fields.String(metadata={"description": "The site's name."})
    author_id = fields.String(metadata={"description": "The author's id on the host site."})
    erased_at = fields.DateTime(metadata={"description": "When the author was (first) erased."})
    items = fields.Integer(
        metadata={"description": "Items whose text, client IP and user agent were erased now."}
    )
    scores = fields.Integer(
        metadata={"description": "Scores whose explanation spans were removed."}
    )
    decision_notes = fields.Integer(metadata={"description": "Decision notes cleared."})
    report_notes = fields.Integer(metadata={"description": "Readers' report notes cleared."})
    webhook_deliveries = fields.Integer(
        metadata={"description": "Stored webhook events rewritten without name, spans or notes."}
    )
    labelled_examples = fields.Integer(
        metadata={"description": "Moderators' training examples of the author's texts deleted."}
    )
    snapshot_examples = fields.Integer(
        metadata={"description": "Examples of the author's texts removed from training snapshots."}
    )
