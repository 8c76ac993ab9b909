"""``python -m worker ...`` runs the Celery command line on the worker app."""

from __future__ import annotations

import sys

from celery.bin.celery import main

if __name__ == "__main__":
    sys.argv = ["celery", "-A", "worker.app", *sys.argv[1:]]
    sys.exit(main())
