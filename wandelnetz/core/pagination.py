"""Pagination that answers malformed page numbers with a 400 and a clear message."""

from collections.abc import Sequence

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _


class BadPageNumber(ValueError):
    pass


def paginate(items: QuerySet | Sequence, page_param: str | None, per_page: int) -> Page:
    """Page `page_param` of `items`; BadPageNumber for junk, Http404 past the end."""
    if page_param is None or page_param == "":
        number = 1
    else:
        try:
            number = int(page_param)
        except ValueError:
            raise BadPageNumber(_("The page number must be a whole number.")) from None
        if number < 1 or number > 100_000:
            raise BadPageNumber(_("The page number must be between 1 and 100000."))
    paginator = Paginator(items, per_page)
    if number > paginator.num_pages:
        raise Http404(_("This page does not exist."))
    return paginator.page(number)
