from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wandelnetz.actors.selectors import published_actors
from wandelnetz.topics.models import Region
from wandelnetz.topics.selectors import top_topics


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "topics": top_topics(),
        "reviere": Region.objects.filter(depth=0).order_by("name"),
        "recent_actors": published_actors().only("name", "slug", "summary", "kind").order_by("-created")[:6],
    }
    return render(request, "core/home.html", context)


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about.html")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # A view says why with PermissionDenied(message); otherwise the page says it in general terms.
    message = str(exception.args[0]) if exception and exception.args and isinstance(exception.args[0], str) else ""
    return render(request, "403.html", {"message": message}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception.args[0]) if exception and exception.args and isinstance(exception.args[0], str) else ""
    return render(request, "404.html", {"message": message}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def health(request: HttpRequest) -> HttpResponse:
    """For load balancers, and the benchmark's bare view: no template, no query."""
    return HttpResponse(b"ok", content_type="text/plain")
