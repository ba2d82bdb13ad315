"""The account pages speak German in the formal "Sie", like the rest of the platform."""

import re
from pathlib import Path

import allauth
import pytest
from django.urls import reverse

from wandelnetz.accounts.allauth_wording import ALLAUTH_MESSAGES
from wandelnetz.core.check_catalogues import parse_po

pytestmark = pytest.mark.django_db

ALLAUTH_GERMAN = Path(allauth.__file__).parent / "locale" / "de" / "LC_MESSAGES" / "django.po"
# The informal address, as whole words: what allauth's own German catalogue says.
INFORMAL = re.compile(r"\b(du|dein\w*|dir|dich|gib|hast|bist|kannst|möchtest|kontaktiere|erstelle)\b", re.I)


def test_every_overridden_message_is_one_allauth_still_uses():
    allauth_ids = {entry.msgid for entry in parse_po(ALLAUTH_GERMAN) if not entry.obsolete}
    assert set(ALLAUTH_MESSAGES) <= allauth_ids, set(ALLAUTH_MESSAGES) - allauth_ids


def main_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password"])
def test_account_pages_say_sie_not_du(client, name):
    text = main_text(client, reverse(name))
    assert not INFORMAL.search(text), INFORMAL.search(text)


def test_sign_in_page_wording(client):
    text = main_text(client, reverse("account_login"))
    assert "Sie haben noch kein Konto? Dann registrieren Sie sich bitte zuerst." in text
    assert re.search(r"<button[^>]*>\s*Anmelden\s*</button>", client.get(reverse("account_login")).content.decode())


def test_password_reset_mail_says_sie(client, django_user_model, mailoutbox):
    from allauth.account.models import EmailAddress

    user = django_user_model.objects.create_user(email="mitglied@example.org", password="ein-langes-passwort-1")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    (mail,) = mailoutbox
    assert "Sie erhalten diese E-Mail, weil Sie oder jemand anderes" in mail.body
    assert not INFORMAL.search(mail.body), INFORMAL.search(mail.body)


def test_sign_up_mail_does_not_name_a_stranger(client, mailoutbox):
    # allauth's German says "weil Benutzer a@b.de Ihre E-Mail-Adresse angegeben hat": with sign-in by
    # email the "user" is the reader's own address, which read as if someone else had signed them up.
    response = client.post(
        reverse("account_signup"),
        {"email": "neu@example.org", "password1": "ein-langes-passwort-1", "password2": "ein-langes-passwort-1"},
    )
    assert response.status_code == 302
    (mail,) = mailoutbox
    assert "weil Ihre E-Mail-Adresse für das Konto neu@example.org bei" in mail.body
    assert "Benutzer" not in mail.body


def test_confirmation_page_says_it_is_the_readers_address(client, mailoutbox):
    # allauth: "dass a@b.de eine E-Mail-Adresse von a@b.de ist" (user_display is the address itself).
    client.post(
        reverse("account_signup"),
        {
            "email": "bestaetigen@example.org",
            "password1": "ein-langes-passwort-1",
            "password2": "ein-langes-passwort-1",
        },
    )
    (mail,) = mailoutbox
    # (another address than the test above: allauth sends one confirmation per address every few minutes)
    link = re.search(r"https?://\S+/konto/confirm-email/\S+", mail.body).group(0)
    text = main_text(client, link[link.index("/konto/") :])
    assert "Bitte bestätigen Sie, dass bestaetigen@example.org Ihre E-Mail-Adresse für das Konto" in text


def test_mail_to_an_address_without_account_speaks_plainly(client, mailoutbox):
    # allauth's German: "keinen solchen Account in unserer Datenbank", "wenn Sie diese Aktion nicht initiiert haben".
    response = client.post(reverse("account_reset_password"), {"email": "niemand@example.org"})
    assert response.status_code == 302
    (mail,) = mailoutbox
    assert "Zu dieser Adresse gibt es bei uns aber kein Konto." in mail.body
    assert "Wenn Sie das nicht waren, können Sie diese E-Mail einfach ignorieren." in mail.body
    assert "Account" not in mail.body and "initiiert" not in mail.body
