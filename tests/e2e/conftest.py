"""Fixtures the end-to-end tests share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa


@pytest.fixture
def database(postgres_url: str) -> Iterator[sa.Engine]:
    """A direct connection to the production shape's database, to check what the processes did."""
    engine = sa.create_engine(postgres_url)
    yield engine
    engine.dispose()
