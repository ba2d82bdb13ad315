"""Writes to the search index. Callers are the services of the apps whose objects change."""

from collections.abc import Iterable

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Model

from wandelnetz.search.models import SearchEntry
from wandelnetz.search.registry import kind_of, registered_types, search_type
from wandelnetz.search.stemming import stems_of

_BATCH = 500


def _entry_fields(kind: str, obj: Model) -> dict:
    registered = search_type(kind)
    if registered is None:
        raise LookupError(f"{kind} is not registered for search")
    doc = registered.document(obj)
    return {
        "title": doc.title[:300],
        "body": doc.body,
        "url": doc.url,
        "is_public": doc.is_public,
        "title_stems": " ".join(stems_of(doc.title)),
        "body_stems": " ".join(stems_of(doc.body)),
    }


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _sync_backend_index(entry_ids: list[int]) -> None:
    if not entry_ids:
        return
    if _is_postgres():
        SearchEntry.objects.filter(id__in=entry_ids).update(
            vector=SearchVector("title", weight="A", config="german")
            + SearchVector("body", weight="B", config="german")
        )
    else:
        placeholders = ",".join(["%s"] * len(entry_ids))
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({placeholders})", entry_ids)  # noqa: S608
            cursor.execute(
                "INSERT INTO search_fts(rowid, title, body) "  # noqa: S608 - placeholders only
                f"SELECT id, title_stems, body_stems FROM search_searchentry WHERE id IN ({placeholders})",
                entry_ids,
            )


@transaction.atomic
def index_object(*, obj: Model) -> None:
    """Add or refresh `obj` in the search index."""
    kind = kind_of(obj)
    entry, _created = SearchEntry.objects.update_or_create(
        kind=kind, object_id=obj.pk, defaults=_entry_fields(kind, obj)
    )
    _sync_backend_index([entry.pk])


@transaction.atomic
def remove_object(*, obj: Model) -> None:
    """Take `obj` out of the search index."""
    ids = list(SearchEntry.objects.filter(kind=kind_of(obj), object_id=obj.pk).values_list("id", flat=True))
    _delete_entries(ids)


def _delete_entries(ids: list[int]) -> None:
    if not ids:
        return
    if not _is_postgres():
        placeholders = ",".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({placeholders})", ids)  # noqa: S608
    SearchEntry.objects.filter(id__in=ids).delete()


def _index_many(kind: str, objects: Iterable[Model]) -> int:
    count = 0
    batch: list[SearchEntry] = []

    def flush() -> None:
        SearchEntry.objects.bulk_create(batch)
        created_ids = list(
            SearchEntry.objects.filter(kind=kind, object_id__in=[e.object_id for e in batch]).values_list(
                "id", flat=True
            )
        )
        _sync_backend_index(created_ids)
        batch.clear()

    for obj in objects:
        batch.append(SearchEntry(kind=kind, object_id=obj.pk, **_entry_fields(kind, obj)))
        count += 1
        if len(batch) >= _BATCH:
            flush()
    if batch:
        flush()
    return count


@transaction.atomic
def rebuild_index(*, kinds: Iterable[str] | None = None) -> dict[str, int]:
    """Rebuild the index for `kinds` (all registered types by default); returns counts."""
    counts: dict[str, int] = {}
    for registered in registered_types():
        if kinds is not None and registered.kind not in kinds:
            continue
        if not _is_postgres():
            with connection.cursor() as cursor:
                cursor.execute(
                    "DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_searchentry WHERE kind = %s)",
                    [registered.kind],
                )
        SearchEntry.objects.filter(kind=registered.kind).delete()
        counts[registered.kind] = _index_many(registered.kind, registered.queryset().iterator(chunk_size=_BATCH))
    return counts
