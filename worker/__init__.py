"""commentguard's Celery worker: moderate items, deliver webhooks, sweep lost work."""
