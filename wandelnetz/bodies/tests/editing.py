"""Helpers for the editing tests: the posted data of the body form page as the browser sends it."""

from datetime import date
from typing import Any

from django.urls import reverse


def posted_from(response: Any) -> dict[str, Any]:
    """What submitting the page unchanged would send: every field's current value."""
    context = response.context
    forms = [
        context["form"],
        context["sources"].management_form,
        context["seats"].management_form,
        *context["sources"].forms,
        *context["seats"].forms,
    ]
    data: dict[str, Any] = {}
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False or value == "":
                continue
            if value is True:
                data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(v) for v in value]
            elif isinstance(value, date):
                data[field.html_name] = value.isoformat()
            else:
                data[field.html_name] = str(value)
    return data


def edit_url(body: Any) -> str:
    return reverse("bodies:body_edit", kwargs={"slug": body.slug})


def verify_url(body: Any) -> str:
    return reverse("bodies:body_verify", kwargs={"slug": body.slug})


def new_body_data(client: Any, **fields: Any) -> dict[str, Any]:
    """A filled creation form: a district advisory board with one source and one seat."""
    page = client.get(reverse("bodies:body_create"))
    assert page.status_code == 200
    data = posted_from(page)
    data.update(
        {
            "name": "Beirat für Jugendbeteiligung",
            "kind": "advisory_board",
            "level": "district",
            "power": "2",
            "openness": "invitation",
            "sources-0-url": "https://example.org/beirat",
            "sources-0-title": "Satzung",
            "seats-0-role": "Jugendvertretung",
            "seats-0-is_civil_society": "on",
            "seats-0-rights": "voting",
            "seats-0-count": "2",
        }
    )
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}
