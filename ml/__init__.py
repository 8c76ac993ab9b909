"""commentguard's classifier as a plain library: normalise, featurise, train, evaluate, persist.

Nothing here imports Flask or Celery, so it can be used from a notebook or a script.
"""
