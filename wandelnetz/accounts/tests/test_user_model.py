"""People sign in by email: the custom user model has no username and one role.

Expected behaviour:
- the email address is the USERNAME_FIELD, there is no username field, and addresses are
  stored in lower case (so "A@B.org" and "a@b.org" are one account);
- an address is required and unique;
- roles are member (default), moderator and staff; `is_moderator` is true for moderators,
  staff and superusers, false for members;
- create_superuser (what `createsuperuser` uses) makes a staff-role superuser.
"""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.core.management import call_command
from django.db import IntegrityError, transaction

from wandelnetz.accounts.models import User
from wandelnetz.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_project_uses_the_custom_user_with_email_as_username():
    assert get_user_model() is User
    assert User.USERNAME_FIELD == "email"
    assert User.EMAIL_FIELD == "email"
    assert User.REQUIRED_FIELDS == []
    with pytest.raises(FieldDoesNotExist):
        User._meta.get_field("username")
    assert User._meta.get_field("email").unique is True


def test_create_user_stores_the_address_in_lower_case():
    user = User.objects.create_user("Ada.Lovelace@Example.ORG", "ein-sicheres-passwort")
    user.refresh_from_db()
    assert user.email == "ada.lovelace@example.org"
    assert user.check_password("ein-sicheres-passwort")
    assert user.role == User.Role.MEMBER
    assert (user.is_staff, user.is_superuser, user.is_active) == (False, False, True)
    assert user.get_username() == "ada.lovelace@example.org"
    assert User.objects.get_by_natural_key("ada.lovelace@example.org") == user


def test_the_same_address_in_other_case_is_the_same_account():
    User.objects.create_user("ada@example.org", "pw-eins-zwei-drei")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("ADA@Example.org", "pw-vier-fuenf-sechs")
    assert User.objects.count() == 1


def test_an_address_is_required():
    with pytest.raises(ValueError, match="email address is required"):
        User.objects.create_user("", "pw")
    with pytest.raises(ValueError, match="email address is required"):
        User.objects.create_superuser(None, "pw")  # type: ignore[arg-type]


def test_a_user_without_password_cannot_sign_in():
    user = User.objects.create_user("ohne@example.org")
    assert not user.has_usable_password()


def test_signing_in_with_the_model_backend_uses_the_address(rf):
    User.objects.create_user("grete@example.org", "geheimes-wort-42")
    request = rf.post("/konto/login/")
    assert authenticate(request, email="grete@example.org", password="geheimes-wort-42") is not None
    assert authenticate(request, email="grete@example.org", password="falsch") is None


@pytest.mark.parametrize(
    ("role", "superuser", "expected"),
    [
        (User.Role.MEMBER, False, False),
        (User.Role.MODERATOR, False, True),
        (User.Role.STAFF, False, True),
        (User.Role.MEMBER, True, True),
    ],
)
def test_is_moderator_follows_the_role(role, superuser, expected):
    user = UserFactory(role=role, is_superuser=superuser)
    assert user.is_moderator is expected


def test_the_roles_are_member_moderator_and_staff():
    assert [value for value, _label in User.Role.choices] == ["member", "moderator", "staff"]
    assert User._meta.get_field("role").default == User.Role.MEMBER


def test_persona_fixtures_have_the_expected_roles(member, moderator):
    assert member.role == User.Role.MEMBER and not member.is_moderator
    assert moderator.role == User.Role.MODERATOR and moderator.is_moderator


def test_create_superuser_makes_staff_role():
    admin = User.objects.create_superuser("Chefin@Example.org", "ein-langes-passwort")
    admin.refresh_from_db()
    assert admin.email == "chefin@example.org"
    assert admin.role == User.Role.STAFF
    assert admin.is_staff and admin.is_superuser
    assert admin.is_moderator


def test_createsuperuser_command_makes_a_staff_role_superuser(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "ein-langes-passwort")
    call_command("createsuperuser", "--no-input", "--email", "Admin@Example.org", verbosity=0)
    admin = User.objects.get()
    assert admin.email == "admin@example.org"
    assert admin.role == User.Role.STAFF
    assert admin.is_staff and admin.is_superuser
    assert admin.check_password("ein-langes-passwort")


def test_str_is_the_display_name_or_the_address():
    assert str(UserFactory(display_name="Grete", email="g@example.org")) == "Grete"
    assert str(UserFactory(display_name="", email="x@example.org")) == "x@example.org"
