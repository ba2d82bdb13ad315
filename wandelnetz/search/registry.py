"""Which models the search covers and how each becomes a search document.

Each app says so in its own `search_documents.py` (found when the search app is ready), so
that later apps join the search by adding one module, without the search knowing them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.utils.functional import Promise


@dataclass(frozen=True)
class SearchDocument:
    title: str
    body: str
    url: str
    is_public: bool


@dataclass(frozen=True)
class SearchType:
    kind: str  # app_label.model_name
    label: Promise  # translatable, plural ("Actors")
    document: Callable[[Model], SearchDocument]
    queryset: Callable[[], QuerySet]  # everything to index, with its relations prefetched


_types: dict[str, SearchType] = {}


def register(model: type[Model], *, label: Promise, document: Callable, queryset: Callable) -> None:
    kind = model._meta.label_lower
    _types[kind] = SearchType(kind=kind, label=label, document=document, queryset=queryset)


def kind_of(model_or_obj: type[Model] | Model) -> str:
    return model_or_obj._meta.label_lower


def registered_types() -> Iterable[SearchType]:
    return _types.values()


def search_type(kind: str) -> SearchType | None:
    return _types.get(kind)
