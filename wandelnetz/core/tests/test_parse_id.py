"""parse_id and parse_slug: what a form or query sends, or None/"" when it cannot be an id or slug."""

import pytest

from wandelnetz.core.forms import MAX_ID, parse_id, parse_slug


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0),
        ("42", 42),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),  # beyond a database column
        pytest.param("9" * 5000, None, id="5000-digits"),  # int() refuses more than 4,300 digits
        ("²", None),  # a digit to str.isdigit(), not to int()
        ("-1", None),
        ("", None),
        (" 1", None),
        ("1e3", None),
    ],
)
def test_parse_id(text, expected):
    assert parse_id(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("aksll", "aksll"), ("a_b-2", "a_b-2"), ("\x00", ""), ("straße", ""), ("x" * 81, ""), ("", "")],
)
def test_parse_slug(text, expected):
    assert parse_slug(text) == expected


def test_an_editor_id_of_thousands_of_digits_is_a_400(client, owned_actor, owner):
    client.force_login(owner)
    response = client.post(owned_actor.get_absolute_url() + "redaktion/", {"remove": "9" * 5000})
    assert response.status_code == 400
    assert owned_actor.editors.filter(pk=owner.pk).exists()
