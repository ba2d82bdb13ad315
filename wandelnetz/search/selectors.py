"""Reads from the search index: ranked hits with highlighted snippets, the same on both databases."""

import html
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString, mark_safe

from wandelnetz.search.models import SearchEntry
from wandelnetz.search.registry import search_type
from wandelnetz.search.stemming import stem, stems_of, words

SNIPPET_WORDS = 30
MAX_QUERY_LENGTH = 200
COUNT_LIMIT = 1001  # "more than 1000" is all a person needs to know


@dataclass(frozen=True)
class SearchHit:
    kind: str
    object_id: int
    title: SafeString
    url: str
    snippet: SafeString

    @property
    def kind_label(self) -> str:
        registered = search_type(self.kind)
        return str(registered.label) if registered else self.kind


def _highlight(text: str, query_stems: set[str], *, window: int | None) -> SafeString:
    """`text` escaped, query words in <mark>, cut to `window` words around the first hit."""
    tokens = [t for t in _split_keep(text)]
    word_positions = [i for i, t in enumerate(tokens) if t[1]]
    first_hit = next((i for i in word_positions if stem(tokens[i][0]) in query_stems), None)
    if window is not None and len(word_positions) > window:
        centre = word_positions.index(first_hit) if first_hit is not None else 0
        start_word = max(0, centre - window // 3)
        end_word = min(len(word_positions), start_word + window)
        start, end = word_positions[start_word], word_positions[end_word - 1] + 1
        prefix = "… " if start_word > 0 else ""
        suffix = " …" if end_word < len(word_positions) else ""
        tokens = tokens[start:end]
    else:
        prefix = suffix = ""
    parts = []
    for token, is_word in tokens:
        escaped = html.escape(token)
        parts.append(f"<mark>{escaped}</mark>" if is_word and stem(token) in query_stems else escaped)
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308 - every piece is escaped


def _snippet(body: str, query_stems: set[str]) -> SafeString:
    """A hit's snippet: from the part of the document (its lines: the text, the organisers, the
    topics …) that holds a query word, the longest such part, so a match in the prose wins over
    the same word in a list of topic names; without a match in the body, its longest part."""
    lines = [line.strip() for line in body.split("\n") if line.strip()]
    if not lines:
        return mark_safe("")  # noqa: S308 - empty

    def has_hit(line: str) -> bool:
        return any(stem(word) in query_stems for word in words(line))

    best = max(lines, key=lambda line: (has_hit(line), len(line)))
    snippet = _highlight(best, query_stems, window=SNIPPET_WORDS)
    if best is not lines[0] and not snippet.startswith("… "):
        snippet = mark_safe("… " + snippet)  # noqa: S308 - the rest is escaped by _highlight
    return snippet


def _split_keep(text: str) -> list[tuple[str, bool]]:
    """`text` as (piece, is_word) so that joining the pieces gives the text back."""
    pieces: list[tuple[str, bool]] = []
    position = 0
    for word in words(text):
        index = text.index(word, position)
        if index > position:
            pieces.append((text[position:index], False))
        pieces.append((word, True))
        position = index + len(word)
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces


def query_stems(query: str) -> list[str]:
    return list(dict.fromkeys(stems_of(query[:MAX_QUERY_LENGTH])))


def _postgres_entries(query: str, kinds: list[str] | None) -> QuerySet:
    ts_query = SearchQuery(query[:MAX_QUERY_LENGTH], config="german", search_type="plain")
    entries = SearchEntry.objects.filter(is_public=True, vector=ts_query)
    if kinds:
        entries = entries.filter(kind__in=kinds)
    return entries.annotate(rank=SearchRank(F("vector"), ts_query)).order_by("-rank", "title", "id")


def _sqlite_match(stems: list[str]) -> str:
    return " AND ".join('"' + s.replace('"', '""') + '"' for s in stems)


# SQLite must ask FTS5 first, in a subquery: joined, its planner may walk every entry and
# run the MATCH once per row (0.7 s instead of 12 ms for a common word in 20,000 actors).
_FTS_IDS = "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"


def _sqlite_where(kinds: list[str] | None) -> tuple[str, list]:
    where = "e.is_public"
    params: list = []
    if kinds:
        where += " AND e.kind IN (" + ",".join(["%s"] * len(kinds)) + ")"
        params.extend(kinds)
    return where, params


def count_hits(query: str, *, kinds: list[str] | None = None, limit: int = COUNT_LIMIT) -> int:
    """How many public entries match `query` (all its words, stemmed), counting up to `limit`.

    Counting every match of a common word took 30–50 ms in a large world; nobody pages that far.
    """
    stems = query_stems(query)
    if not stems:
        return 0
    if connection.vendor == "postgresql":
        return _postgres_entries(query, kinds).order_by()[:limit].count()
    where, params = _sqlite_where(kinds)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM (SELECT 1 FROM search_searchentry e "  # noqa: S608
            f"WHERE e.id IN ({_FTS_IDS}) AND {where} LIMIT %s)",
            [_sqlite_match(stems), *params, limit],
        )
        return cursor.fetchone()[0]


def find_hits(query: str, *, kinds: list[str] | None = None, offset: int = 0, limit: int = 20) -> list[SearchHit]:
    """Public entries matching every word of `query`, best first, with highlighted snippets."""
    stems = query_stems(query)
    if not stems:
        return []
    if connection.vendor == "postgresql":
        rows = list(
            _postgres_entries(query, kinds).values_list("kind", "object_id", "title", "body", "url")[
                offset : offset + limit
            ]
        )
    else:
        where, params = _sqlite_where(kinds)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT e.kind, e.object_id, e.title, e.body, e.url "  # noqa: S608 - placeholders only
                "FROM (SELECT rowid, bm25(search_fts, 10.0, 1.0) AS rank FROM search_fts "
                "WHERE search_fts MATCH %s) AS m JOIN search_searchentry e ON e.id = m.rowid "
                f"WHERE {where} ORDER BY m.rank, e.title, e.id LIMIT %s OFFSET %s",
                [_sqlite_match(stems), *params, limit, offset],
            )
            rows = cursor.fetchall()
    wanted = set(stems)
    return [
        SearchHit(
            kind=kind,
            object_id=object_id,
            title=_highlight(title, wanted, window=None),
            url=url,
            snippet=_snippet(body, wanted),
        )
        for kind, object_id, title, body, url in rows
    ]


def matching_object_ids(query: str, *, kind: str) -> QuerySet | RawSQL | list[int]:
    """A subquery of the ids of objects of `kind` matching `query`, to filter another list by text."""
    stems = query_stems(query)
    if not stems:
        return []
    if connection.vendor == "postgresql":
        return _postgres_entries(query, [kind]).order_by().values("object_id")
    return RawSQL(  # noqa: S611 - constant SQL, values as parameters
        f"SELECT e.object_id FROM search_searchentry e WHERE e.id IN ({_FTS_IDS}) AND e.kind = %s",  # noqa: S608
        [_sqlite_match(stems), kind],
    )
