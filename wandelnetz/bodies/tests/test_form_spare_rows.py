"""The body form's spare seat and source rows are optional, and do not claim to be required."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

REQUIRED = re.compile(r'<span class="required">\(Pflichtfeld\)</span>')


def fieldsets(html: str) -> dict[str, str]:
    """Each fieldset's legend → its HTML."""
    found = re.findall(r"<fieldset>\s*<legend>([^<]+)</legend>(.*?)</fieldset>", html, re.S)
    return {legend.strip(): body for legend, body in found}


def test_spare_rows_are_not_marked_required_but_saved_rows_are(client, board, body_editor):
    client.force_login(body_editor)
    html = client.get(reverse("bodies:body_edit", args=[board.slug])).content.decode()
    rows = fieldsets(html)
    # Seat 1 is the body's saved seat: its required fields say so; seats 2 and 3 are spare.
    assert REQUIRED.search(rows["Sitz 1"]), rows["Sitz 1"]
    assert "Sitz 3" in rows and not REQUIRED.search(rows["Sitz 2"]) and not REQUIRED.search(rows["Sitz 3"])
    assert "Quelle 1" in rows and not REQUIRED.search(rows["Quelle 1"])
    # The body's own required fields (its name) are still marked.
    assert REQUIRED.search(html[: html.index("<fieldset>")])
