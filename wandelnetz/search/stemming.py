"""German stems for the SQLite index, the same as PostgreSQL's `german` configuration makes.

Both use the Snowball German stemmer, which also drops the umlaut accents, so "Vereine"
finds "Verein" and "Okokirche" finds "Ökokirche" on either database.
"""

import re
import threading
from functools import lru_cache
from pathlib import Path

import snowballstemmer

_WORD = re.compile(r"\w+", re.UNICODE)
# A Snowball stemmer keeps state while it works: one per thread, or concurrent requests
# corrupt each other's words (IndexError under load).
_local = threading.local()
STOPWORDS = frozenset(
    line.strip()
    for line in (Path(__file__).parent / "data" / "german_stopwords.txt").read_text(encoding="utf-8").splitlines()
    if line.strip()
)


def words(text: str) -> list[str]:
    return _WORD.findall(text or "")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    lowered = word.lower()
    if lowered in STOPWORDS:
        return ""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("german")
    return stemmer.stemWord(lowered)


def stems_of(text: str) -> list[str]:
    return [s for s in (stem(w) for w in words(text)) if s]
