"""The decision module: a pure engine (``decisions.engine``) and the stored decisions around it.

Nothing in this package's ``__init__`` may import Django: ``decisions.engine`` must stay
importable on its own.
"""
