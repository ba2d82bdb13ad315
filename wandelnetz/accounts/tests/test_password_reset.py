"""A forgotten password can be replaced through a link sent by mail.

Expected behaviour:
- asking at /konto/password/reset/ (address in any case) sends one mail to the account's
  address with a one-time link, and the page says the mail is on its way;
- the link leads to a form for the new password; a mismatched or weak password is refused
  there with a clear message and changes nothing;
- after setting the new password, signing in works with it and no longer with the old one;
- the link cannot be used a second time;
- an unknown address gets no link (and the page does not reveal that the address is unknown).
"""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from wandelnetz.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

RESET = "/konto/password/reset/"
LOGIN = "/konto/login/"
NEW_PASSWORD = "Neues-Passwort-fuer-2025!"
RESET_LINK = re.compile(r"https?://testserver(/konto/password/reset/key/[^/\s]+/)")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth limits reset requests per address and IP in the cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def person(db):
    return UserFactory(email="vergesslich@example.org")


def _request_link(client: Client, email: str) -> str:
    response = client.post(RESET, {"email": email})
    assert response.status_code == 302
    assert response["Location"] == "/konto/password/reset/done/"
    assert len(mail.outbox) == 1
    match = RESET_LINK.search(str(mail.outbox[0].body))
    assert match, mail.outbox[0].body
    return match.group(1)


def test_reset_page_is_german(client):
    response = client.get(RESET)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert "Passwort" in html and 'name="email"' in html


def test_reset_by_mail_then_sign_in_with_the_new_password(client, person):
    link = _request_link(client, "Vergesslich@Example.org")
    assert mail.outbox[0].to == ["vergesslich@example.org"]
    assert "Passwort" in mail.outbox[0].subject
    assert "Passwort" in client.get("/konto/password/reset/done/").content.decode()

    # The link swaps its key for a session-bound form address (the key leaves the URL).
    response = client.get(link)
    assert response.status_code == 302
    form_url = response["Location"]
    assert form_url.startswith("/konto/password/reset/key/") and form_url.endswith("-set-password/")
    response = client.get(form_url)
    assert response.status_code == 200
    assert 'name="password1"' in response.content.decode()

    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/konto/password/reset/key/done/"
    assert "Passwort wurde geändert" in client.get(response["Location"]).content.decode()
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert not person.check_password(PASSWORD)

    # Signing in: the old password no longer works, the new one does.
    browser = Client()
    response = browser.post(LOGIN, {"login": "vergesslich@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert "_auth_user_id" not in browser.session
    response = browser.post(LOGIN, {"login": "vergesslich@example.org", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert browser.session["_auth_user_id"] == str(person.pk)


def test_the_link_works_only_once(client, person):
    link = _request_link(client, "vergesslich@example.org")
    form_url = client.get(link)["Location"]
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    stranger = Client()
    response = stranger.get(link)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ungültiger Link" in html
    assert 'name="password1"' not in html
    response = stranger.post(link, {"password1": "Noch-ein-Passwort-77", "password2": "Noch-ein-Passwort-77"})
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)


@pytest.mark.parametrize(
    ("password1", "password2", "message"),
    [
        (NEW_PASSWORD, "Etwas-anderes-2025!", "zweimal dasselbe Passwort"),
        ("kurz", "kurz", "mindestens 8 Zeichen"),
        ("passwort", "passwort", "nicht allgemein üblich"),
    ],
    ids=["mismatch", "too-short", "common"],
)
def test_a_bad_new_password_is_refused_and_changes_nothing(client, person, password1, password2, message):
    link = _request_link(client, "vergesslich@example.org")
    form_url = client.get(link)["Location"]

    response = client.post(form_url, {"password1": password1, "password2": password2})

    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert message in html
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_a_made_up_key_is_refused(client, person):
    response = client.get(f"/konto/password/reset/key/{person.pk}-ausgedacht/")
    assert response.status_code == 200
    assert "Ungültiger Link" in response.content.decode()
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_an_unknown_address_gets_no_link_and_is_not_revealed(client, person):
    response = client.post(RESET, {"email": "niemand@example.org"})

    assert response.status_code == 302
    assert response["Location"] == "/konto/password/reset/done/"  # same as for a known address
    assert len(mail.outbox) == 1  # allauth tells the address's owner that there is no account
    assert mail.outbox[0].to == ["niemand@example.org"]
    assert not RESET_LINK.search(str(mail.outbox[0].body))
