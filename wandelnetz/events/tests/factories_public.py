"""Helpers for the public-view tests: a place, an English-speaking client, JSON-LD from a page."""

import json
import re
from decimal import Decimal

from django.conf import settings

from wandelnetz.places.models import Place
from wandelnetz.places.services import create_place


def place(name: str = "Ökokirche Deutzen", **fields: object) -> Place:
    fields.setdefault("street", "Kirchweg 1")
    fields.setdefault("postcode", "04575")
    fields.setdefault("locality", "Neukieritzsch")
    fields.setdefault("latitude", Decimal("51.1100"))
    fields.setdefault("longitude", Decimal("12.4200"))
    return create_place(name=name, **fields)  # type: ignore[arg-type]


def speak_english(client) -> None:  # type: ignore[no-untyped-def]
    """Pages in English: the tests read the English source strings (German is the lead's catalogue)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def json_ld_of(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]
