"""Imports every model, so the metadata Alembic compares against is complete."""

from service.audit.models import AuditEvent
from service.classifier.models import ModelStatus, ModelVersion
from service.items.models import Article, Author, Item, ItemKind, ItemStatus
from service.labels.models import LabelledExample
from service.moderation.models import Decision, Score
from service.moderators.models import Moderator, ModeratorToken, Role
from service.reports.models import Report
from service.sites.models import ApiKey, Site
from service.training.models import JobStatus, TrainingJob, TrainingSnapshot
from service.webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery

__all__ = [
    "ApiKey",
    "Article",
    "AuditEvent",
    "Author",
    "Decision",
    "DeliveryStatus",
    "Item",
    "ItemKind",
    "ItemStatus",
    "JobStatus",
    "LabelledExample",
    "ModelStatus",
    "ModelVersion",
    "Moderator",
    "ModeratorToken",
    "Report",
    "Role",
    "Score",
    "Site",
    "TrainingJob",
    "TrainingSnapshot",
    "WebhookAttempt",
    "WebhookDelivery",
]
