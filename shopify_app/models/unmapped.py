"""Database objects that migrations manage but the models do not describe.

Autogenerate and the models-versus-migrations test skip them: the SQLite FTS5
search index (a virtual table and its shadow tables) and PostgreSQL's trigram
index, neither of which SQLAlchemy can express portably.
"""
from __future__ import annotations

from typing import Any

SEARCH_TABLE = "jobs_fts"
TRIGRAM_INDEX = "ix_jobs_search_trgm"


def include_name(name: str | None, type_: str, parent_names: dict[str, Any]) -> bool:
    if type_ == "table" and name and name.startswith(SEARCH_TABLE):
        return False
    return not (type_ == "index" and name == TRIGRAM_INDEX)
