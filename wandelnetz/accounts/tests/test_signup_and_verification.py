"""Sign-up by email needs a confirmed address before anyone can sign in with it.

Expected behaviour:
- /konto/signup/ is German by default and creates an account with the address in lower case;
- a verification mail with a confirmation link goes out, and until the link is confirmed
  (GET shows a button, POST confirms) signing in gives no session;
- after confirming, the address is verified and signing in works;
- bad input re-renders the form with a clear German error, never a 500, and creates nobody;
- signing up with an address that already has an account creates nobody and reveals nothing
  on the page (allauth's enumeration protection): the owner of the address gets a mail instead.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.test import Client

from wandelnetz.accounts.models import User
from wandelnetz.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = "/konto/signup/"
LOGIN = "/konto/login/"
NEW_PASSWORD = "Ein-gutes-Passwort-42"
CONFIRM_LINK = re.compile(r"https?://testserver(/konto/confirm-email/[^/\s]+/)")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth keeps its rate limits (signup, confirmation cooldown) in the cache."""
    cache.clear()
    yield
    cache.clear()


def _signup(client: Client, email: str, password1: str = NEW_PASSWORD, password2: str | None = None):
    return client.post(
        SIGNUP, {"email": email, "password1": password1, "password2": password1 if password2 is None else password2}
    )


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_signup_page_is_german_by_default(client):
    response = client.get(SIGNUP)
    assert response.status_code == 200
    assert response["Content-Language"] == "de"
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert "Registrieren" in html
    assert 'name="email"' in html and 'name="password1"' in html and 'name="password2"' in html


def test_signup_sends_a_confirmation_link_and_sign_in_waits_for_it(client):
    response = _signup(client, "Neu.Mitglied@Example.org")

    # The account exists, its address is stored in lower case and is not verified yet.
    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"
    user = User.objects.get()
    assert user.email == "neu.mitglied@example.org"
    assert user.check_password(NEW_PASSWORD)
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == ("neu.mitglied@example.org", False, True)
    assert not _signed_in(client)

    # Exactly one mail, to that address, with a confirmation link.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["neu.mitglied@example.org"]
    assert "bestätige" in message.subject.lower()
    match = CONFIRM_LINK.search(str(message.body))
    assert match, message.body
    link = match.group(1)

    # Before confirming, the right password gives no session.
    response = client.post(LOGIN, {"login": "neu.mitglied@example.org", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"
    assert not _signed_in(client)
    assert client.get("/").wsgi_request.user.is_anonymous

    # Following the link (on another device, say) shows a confirmation button; GET changes nothing.
    other_device = Client()
    response = other_device.get(link)
    assert response.status_code == 200
    html = response.content.decode()
    assert "neu.mitglied@example.org" in html
    # (The form's key is signed afresh when the page renders, so it may differ from the mail's.)
    assert re.search(r'<form method="post"\s+action="/konto/confirm-email/[^/"]+/"', html), html
    address.refresh_from_db()
    assert address.verified is False

    # Confirming (POST) verifies the address and sends the person to sign in.
    response = other_device.post(link)
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    address.refresh_from_db()
    assert address.verified is True
    assert "bestätigt" in other_device.get(LOGIN).content.decode()

    # Now signing in works and gives a session for that person.
    response = other_device.post(LOGIN, {"login": "NEU.mitglied@example.org", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert other_device.session["_auth_user_id"] == str(user.pk)
    assert other_device.get("/").wsgi_request.user == user


def test_a_made_up_confirmation_key_verifies_nothing(client):
    _signup(client, "neu@example.org")
    response = client.get("/konto/confirm-email/ausgedacht/")
    assert response.status_code in (200, 404)
    response = client.post("/konto/confirm-email/ausgedacht/")
    assert response.status_code in (200, 404)
    assert EmailAddress.objects.get().verified is False


@pytest.mark.parametrize(
    ("email", "password1", "password2", "field", "message"),
    [
        ("keine-adresse", NEW_PASSWORD, NEW_PASSWORD, "email", "gültige E-Mail-Adresse"),
        ("zwei@@example.org", NEW_PASSWORD, NEW_PASSWORD, "email", "gültige E-Mail-Adresse"),
        ("", NEW_PASSWORD, NEW_PASSWORD, "email", "Dieses Feld ist zwingend erforderlich"),
        ("a@example.org", NEW_PASSWORD, "Ein-anderes-Passwort-43", "password2", "zweimal dasselbe Passwort"),
        ("a@example.org", "kurz", "kurz", "password1", "mindestens 8 Zeichen"),
        ("a@example.org", "12345678901", "12345678901", "password1", "nicht komplett aus Ziffern"),
        # Longer than the 320 characters an address may have at all.
        ("x" * 310 + "@example.org", NEW_PASSWORD, NEW_PASSWORD, "email", "höchstens 320 Zeichen"),
    ],
    ids=["no-at", "two-ats", "empty", "passwords-differ", "too-short", "only-digits", "over-320"],
)
def test_bad_input_re_renders_the_form_with_a_clear_error(client, email, password1, password2, field, message):
    response = _signup(client, email, password1, password2)
    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert 'aria-invalid="true"' in html
    assert User.objects.count() == 0
    assert EmailAddress.objects.count() == 0
    assert mail.outbox == []
    assert not _signed_in(client)


def test_signing_up_with_a_taken_address_creates_nobody_and_tells_its_owner(client):
    """allauth's enumeration protection: the page looks like a normal sign-up, no error is shown;
    the existing account is untouched and its owner gets an "account exists" mail."""
    existing = UserFactory(email="schon.da@example.org")

    response = _signup(client, "Schon.Da@Example.org", "Ein-fremdes-Passwort-99")

    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"
    assert User.objects.count() == 1
    assert EmailAddress.objects.count() == 1
    existing.refresh_from_db()
    assert existing.check_password(PASSWORD)
    assert not existing.check_password("Ein-fremdes-Passwort-99")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["schon.da@example.org"]
    assert "existiert bereits" in mail.outbox[0].subject
    assert not CONFIRM_LINK.search(str(mail.outbox[0].body))
    assert not _signed_in(client)
    # The stranger's password does not open the account.
    response = client.post(LOGIN, {"login": "schon.da@example.org", "password": "Ein-fremdes-Passwort-99"})
    assert response.status_code == 400
    assert not _signed_in(client)


def test_an_address_longer_than_the_account_field_is_refused(client):
    email = "x" * 250 + "@example.org"  # 262 characters: valid syntax, longer than User.email (254)
    response = _signup(client, email)
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert User.objects.count() == 0
    assert mail.outbox == []


def test_two_over_long_addresses_with_the_same_start_never_give_a_500(client):
    client.raise_request_exception = False
    _signup(client, "x" * 250 + "@example.org")
    response = _signup(Client(raise_request_exception=False), "x" * 250 + "@example.net")
    assert response.status_code != 500
    assert response.status_code in (200, 302, 400)


def test_every_aria_describedby_on_the_signup_form_points_at_something(client):
    for response in (client.get(SIGNUP), _signup(client, "a@example.org", "kurz")):
        html = response.content.decode()
        ids = set(re.findall(r'\bid="([^"]+)"', html))
        references = [ref for refs in re.findall(r'aria-describedby="([^"]+)"', html) for ref in refs.split()]
        assert "id_password1_helptext" in references or "id_password1_help" in references
        assert [ref for ref in references if ref not in ids] == []


def test_the_verification_mail_is_from_wandelnetz_not_example_com(client):
    _signup(client, "neu@example.org")
    message = mail.outbox[0]
    assert "example.com" not in message.subject
    assert "example.com" not in str(message.body)
    assert "Wandelnetz" in str(message.body)
