from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wandelnetz.core.pagination import BadPageNumber, paginate
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
    kinds = [form.cleaned_data["kind"]] if form.cleaned_data["kind"] else None
    total = count_hits(query, kinds=kinds)
    more_than = COUNT_LIMIT - 1 if total >= COUNT_LIMIT else None
    total = min(total, COUNT_LIMIT - 1)
    try:
        # The hits are fetched for the page alone; the paginator only checks and numbers it.
        page = paginate(range(total), request.GET.get("page"), PAGE_SIZE)
    except BadPageNumber as error:
        form.add_error(None, str(error))
        return render(request, "search/search.html", context, status=400)
    context.update(
        query=query,
        total=total,
        more_than=more_than,
        page=page,
        hits=find_hits(query, kinds=kinds, offset=page.start_index() - 1, limit=PAGE_SIZE) if total else [],
    )
    return render(request, "search/search.html", context)
