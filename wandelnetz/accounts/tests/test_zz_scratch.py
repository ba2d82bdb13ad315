import re
import pytest
from django.core import mail
from django.core.cache import cache
from wandelnetz.accounts.models import User
from wandelnetz.accounts.tests.factories import UserFactory

def main(r):
    html = r.content.decode()
    return re.sub(r"\n\s*\n+", "\n", html[html.find("<main"):html.find("</main>")])[:1500]

@pytest.mark.django_db
def test_explore(client):
    cache.clear()
    UserFactory(email="da@example.org")
    for data in [
        {"email": "kein-at", "password1": "Ein-gutes-Passwort-42", "password2": "Ein-gutes-Passwort-42"},
        {"email": "a@example.org", "password1": "Ein-gutes-Passwort-42", "password2": "Anderes-Passwort-43"},
        {"email": "DA@example.org", "password1": "Ein-gutes-Passwort-42", "password2": "Ein-gutes-Passwort-42"},
        {"email": "x"*250 + "@example.org", "password1": "Ein-gutes-Passwort-42", "password2": "Ein-gutes-Passwort-42"},
    ]:
        mail.outbox.clear()
        try:
            r = client.post("/konto/signup/", data)
        except Exception as e:
            print("EXC", type(e), e); continue
        print("----", data["email"][:20], r.status_code, r.headers.get("Location"), User.objects.count(), [(m.subject, m.to) for m in mail.outbox])
        if r.status_code == 200: print(main(r))
        if mail.outbox: print(mail.outbox[0].body)
