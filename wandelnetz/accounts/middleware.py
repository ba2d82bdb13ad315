"""HTTP status of the account pages that allauth answers."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class RefusedFormStatusMiddleware:
    """A refused form answers 400, as everywhere on the platform.

    allauth's views (sign-in with a wrong password, sign-up with a taken address, a password
    reset for a malformed address …) render the form again with its errors but answer 200, so
    neither a script nor a log can tell a refused attempt from a page view. Only template
    responses of POSTs whose `form` has errors are touched; the platform's own views set their
    status themselves.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method == "POST" and response.status_code == 200:
            form = (getattr(response, "context_data", None) or {}).get("form")
            if form is not None and getattr(form, "errors", None):
                response.status_code = 400
        return response
