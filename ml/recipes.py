"""Training recipes: which labelled examples a model learns from.

- ``seed``: the corpus the project ships (what a fresh install trains on).
- ``public``: the seed corpus plus the public labelled datasets read from a data folder
  (see :mod:`ml.datasets`); the project ships none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ml.corpus import Example, load_seed_corpus

RECIPES = ("seed", "public")


class RecipeError(ValueError):
    pass


def recipe_examples(
    recipe: str, data_dir: Path | None = None, progress: Callable[[str], None] | None = None
) -> list[Example]:
    """The examples ``recipe`` trains on."""
    if recipe == "seed":
        return load_seed_corpus()
    if recipe == "public":
        if data_dir is None:
            raise RecipeError("the public recipe needs --data-dir (the folder of public datasets)")
        from ml.datasets import read_all

        return [*load_seed_corpus(), *read_all(data_dir, progress=progress)]
    raise RecipeError(f"unknown recipe {recipe!r}; choose one of {', '.join(RECIPES)}")
