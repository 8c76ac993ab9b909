"""The host site's view of an item: one marshmallow schema each way, also the OpenAPI contract."""

from __future__ import annotations

from typing import Any

from flask import current_app
from marshmallow import (
    Schema,
    ValidationError,
    fields,
    pre_load,
    validate,
    validates,
    validates_schema,
)

from service.items.models import ItemKind, ItemStatus

ISO_LANGUAGE = validate.Regexp(r"^[a-z]{2,3}$", error="Use an ISO 639-1 code such as 'az'.")


def _nul_characters(value: Any, path: str = "") -> list[str]:
    """Where a NUL character hides in a JSON value; no database column can store one."""
    if isinstance(value, str):
        return [path] if "\x00" in value else []
    if isinstance(value, dict):
        return [
            p for k, v in value.items() for p in _nul_characters(v, f"{path}.{k}" if path else k)
        ]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _nul_characters(v, f"{path}[{i}]")]
    return []


class StrictSchema(Schema):
    """Refuses NUL characters in any string before field validation."""

    @pre_load
    def _refuse_nul(self, data: Any, **kwargs: Any) -> Any:
        if isinstance(data, dict):
            paths = _nul_characters(data)
            if paths:
                raise ValidationError({path: ["NUL characters are not allowed."] for path in paths})
        return data


class ArticleIn(StrictSchema):
    id = fields.String(required=True, validate=validate.Length(1, 255))
    url = fields.Url(load_default=None, validate=validate.Length(max=2000))
    title = fields.String(load_default=None, validate=validate.Length(max=500))


class AuthorIn(StrictSchema):
    id = fields.String(required=True, validate=validate.Length(1, 255))
    name = fields.String(load_default=None, validate=validate.Length(max=255))


class ItemIn(StrictSchema):
    external_id = fields.String(
        required=True,
        validate=validate.Length(1, 255),
        metadata={"description": "The host site's own id of the comment or review."},
    )
    kind = fields.String(
        load_default=ItemKind.COMMENT.value,
        validate=validate.OneOf([k.value for k in ItemKind]),
    )
    text = fields.String(
        required=True,
        metadata={"description": "The text as the reader wrote it (1 to 10,000 characters)."},
    )
    rating = fields.Integer(
        load_default=None, strict=True, metadata={"description": "1 to 5; reviews only."}
    )
    language = fields.String(
        load_default=None,
        validate=ISO_LANGUAGE,
        metadata={"description": "Detected when left out."},
    )
    article = fields.Nested(ArticleIn, required=True)
    author = fields.Nested(AuthorIn, load_default=None)
    parent_id = fields.String(
        load_default=None,
        validate=validate.Length(1, 255),
        metadata={"description": "external_id of the item this one replies to."},
    )
    client_ip = fields.IP(load_default=None)
    user_agent = fields.String(load_default=None, validate=validate.Length(max=512))

    @validates("text")
    def _text_length(self, value: str, **kwargs: Any) -> None:
        limit = current_app.config["COMMENTGUARD"]["MAX_TEXT_LENGTH"]
        if not value.strip():
            raise ValidationError("Text must not be empty.")
        if len(value) > limit:
            raise ValidationError(f"Text is {len(value)} characters; the limit is {limit}.")

    @validates_schema
    def _rating_matches_kind(self, data: dict[str, Any], **kwargs: Any) -> None:
        rating = data.get("rating")
        if isinstance(rating, bool):
            raise ValidationError("Not a valid integer.", "rating")
        if data.get("kind") == ItemKind.REVIEW.value:
            if rating is None:
                raise ValidationError("A review needs a rating from 1 to 5.", "rating")
            if not 1 <= rating <= 5:
                raise ValidationError("Rating must be from 1 to 5.", "rating")
        elif rating is not None:
            raise ValidationError("Only reviews carry a rating.", "rating")


class SubmitQuery(Schema):
    wait = fields.Integer(
        load_default=0,
        validate=validate.Range(0, 5000),
        metadata={"description": "Milliseconds to wait for the decision (at most 5000)."},
    )


class ItemQuery(Schema):
    external_id = fields.String(validate=validate.Length(1, 255))
    status = fields.String(validate=validate.OneOf([s.value for s in ItemStatus]))
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 200))
    cursor = fields.String(metadata={"description": "next_cursor of the previous page."})


class ArticleOut(Schema):
    id = fields.String()
    url = fields.String(allow_none=True)
    title = fields.String(allow_none=True)


class AuthorOut(Schema):
    id = fields.String()
    name = fields.String(allow_none=True)


class DecisionOut(Schema):
    status = fields.String(metadata={"description": "approved, rejected or held"})
    reason_codes = fields.List(fields.String())
    actor = fields.String(metadata={"description": "policy, or moderator:<name>"})
    note = fields.String(allow_none=True)
    decided_at = fields.DateTime()


class SpanOut(Schema):
    start = fields.Integer(metadata={"description": "Offset into the submitted text."})
    end = fields.Integer()
    text = fields.String()
    weight = fields.Float()


class ItemOut(Schema):
    id = fields.String()
    external_id = fields.String()
    kind = fields.String()
    rating = fields.Integer(allow_none=True)
    status = fields.String()
    language = fields.String(allow_none=True)
    article = fields.Nested(ArticleOut)
    author = fields.Nested(AuthorOut, allow_none=True)
    parent_id = fields.String(allow_none=True)
    reports = fields.Integer(metadata={"description": "Readers who reported the item."})
    created_at = fields.DateTime()
    decided_at = fields.DateTime(allow_none=True)
    decision = fields.Nested(DecisionOut, allow_none=True)
    scores = fields.Dict(keys=fields.String(), values=fields.Float(), allow_none=True)
    explanations = fields.Dict(
        keys=fields.String(), values=fields.List(fields.Nested(SpanOut)), allow_none=True
    )
    model_version = fields.String(allow_none=True)
    erased = fields.Boolean(
        metadata={"description": "The author was erased: the text and personal data are gone."}
    )


class ItemPage(Schema):
    items = fields.List(fields.Nested(ItemOut))
    next_cursor = fields.String(allow_none=True)
