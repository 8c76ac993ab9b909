"""Imports every model, so the metadata Alembic compares against is complete."""

from service.classifier.models import ModelStatus, ModelVersion
from service.items.models import Article, Author, Item, ItemKind, ItemStatus
from service.labels.models import LabelledExample
from service.moderation.models import Decision, Score
from service.moderators.models import Moderator, ModeratorToken, Role
from service.reports.models import Report
from service.sites.models import ApiKey, Site
from service.webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery

__all__ = [
    "ApiKey",
    "Article",
    "Author",
    "Decision",
    "DeliveryStatus",
    "Item",
    "ItemKind",
    "ItemStatus",
    "LabelledExample",
    "ModelStatus",
    "ModelVersion",
    "Moderator",
    "ModeratorToken",
    "Report",
    "Role",
    "Score",
    "Site",
    "WebhookAttempt",
    "WebhookDelivery",
]
