from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from wandelnetz.search.forms import SearchForm
from wandelnetz.search.selectors import COUNT_LIMIT, count_hits, find_hits

PAGE_SIZE = 20


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    context: dict = {"form": form, "hits": None}
    if not form.is_valid():
        return render(request, "search/search.html", context, status=400)
    query = form.cleaned_data["q"].strip()
    if not query:
        return render(request, "search/search.html", context)
    raw_page = request.GET.get("page") or "1"
    if not raw_page.isdigit() or not 1 <= int(raw_page) <= 100_000:
        form.add_error(None, _("The page number must be a whole number between 1 and 100000."))
        return render(request, "search/search.html", context, status=400)
    number = int(raw_page)
    kinds = [form.cleaned_data["kind"]] if form.cleaned_data["kind"] else None
    total = count_hits(query, kinds=kinds)
    more_than = COUNT_LIMIT - 1 if total >= COUNT_LIMIT else None
    total = min(total, COUNT_LIMIT - 1)
    paginator = Paginator(range(total), PAGE_SIZE)
    if total and number > paginator.num_pages:
        raise Http404(_("This page does not exist."))
    page = paginator.page(min(number, paginator.num_pages))
    context.update(
        query=query,
        total=total,
        more_than=more_than,
        page=page,
        hits=find_hits(query, kinds=kinds, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE) if total else [],
    )
    return render(request, "search/search.html", context)
