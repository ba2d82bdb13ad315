"""Looking an object up by what people type: the slug wins, the shown object is kept, "Name (slug)"
as the shared-name error lists it picks that one, and the limit on listed matches never hides them.
The public filters find only published actors by name, and the links they make carry slugs."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from wandelnetz.actors.models import Actor
from wandelnetz.actors.tests.factories import actor
from wandelnetz.core.forms import MAX_SHOWN_MATCHES, LookupField
from wandelnetz.events.tests.factories import event, series
from wandelnetz.followups.tests.factories import follow_up
from wandelnetz.places.services import create_place

pytestmark = pytest.mark.django_db

SHARED = "Umweltverband"


def field() -> LookupField:
    return LookupField(Actor, unknown_message="There is no actor “%(slug)s”.", required=False)


@pytest.fixture
def many_twins():
    """More actors share a name than the error lists, each with its own address part."""
    return [actor(SHARED, slug=f"umweltverband-{i}") for i in range(MAX_SHOWN_MATCHES + 2)]


def test_a_slug_wins_over_names_even_behind_many_shared_names(many_twins, django_assert_num_queries):
    named_like_a_slug = [actor("netz", slug=f"netz-{i}") for i in range(MAX_SHOWN_MATCHES + 1)]
    owner_of_slug = actor("Netzwerk Ost", slug="netz")
    with django_assert_num_queries(1):
        assert field().clean("netz") == owner_of_slug
    assert owner_of_slug.pk > max(a.pk for a in named_like_a_slug)


def test_the_shown_object_is_kept_even_behind_many_shared_names(many_twins, django_assert_num_queries):
    lookup = field()
    lookup.current = many_twins[-1]
    with django_assert_num_queries(1):
        assert lookup.clean(SHARED) == many_twins[-1]


def test_the_shown_object_is_kept_when_its_name_is_another_objects_slug():
    shown = actor("netz", slug="netz-leipzig")
    owner_of_slug = actor("Netzwerk Ost", slug="netz")
    assert field().clean("netz") == owner_of_slug
    lookup = field()
    lookup.current = shown
    assert lookup.clean("netz") == shown
    assert lookup.clean("Netzwerk Ost") == owner_of_slug  # a changed value is looked up as usual


def test_a_shared_name_lists_at_most_the_limit_and_asks_for_the_address_part(many_twins):
    with pytest.raises(ValidationError) as raised:
        field().clean(SHARED.upper())
    error = raised.value.error_list[0]
    assert error.code == "ambiguous"
    assert error.params["choices"].count(f"{SHARED} (umweltverband-") == MAX_SHOWN_MATCHES


def test_name_with_the_address_part_in_brackets_picks_that_one(many_twins):
    chosen = many_twins[3]
    assert field().clean(f"{SHARED} ({chosen.slug})") == chosen
    assert field().clean(f"  {SHARED} ( {chosen.slug} )  ") == chosen


def test_a_name_with_brackets_of_its_own_is_still_found():
    party = actor("Bündnis (Ost)", slug="buendnis-ost")
    assert field().clean("bündnis (ost)") == party
    with pytest.raises(ValidationError) as raised:
        field().clean("Niemand (nirgends)")
    assert raised.value.error_list[0].code == "unknown"


@pytest.fixture
def public_world():
    aksll = actor("Aktionskreis Strukturwandel Leipziger Land", short_name="AkSLL", slug="aksll")
    hidden = actor("Aktionskreis Strukturwandel Leipziger Land", slug="aksll-entwurf", status="pending")
    event("Filmabend", organisers=[aksll])
    follow_up("Jugendbeteiligung vertiefen", owner_actor=aksll)
    return {"aksll": aksll, "hidden": hidden}


@pytest.mark.parametrize("list_name", ["events:event_list", "followups:followup_list"])
def test_public_filters_find_published_actors_by_name_and_never_list_pending_ones(client, public_world, list_name):
    # The pending actor of the same name neither makes the name shared nor shows up.
    response = client.get(reverse(list_name), {"actor": "Aktionskreis Strukturwandel Leipziger Land"})
    assert response.status_code == 200, response.content.decode()[:1000]
    assert response.context["form"].cleaned_data["actor"] == public_world["aksll"]
    # Its address part still filters, as links made before did.
    assert client.get(reverse(list_name), {"actor": "aksll-entwurf"}).status_code == 200
    # A name only a pending actor has is unknown here.
    Actor.objects.filter(pk=public_world["hidden"].pk).update(name="Geheimer Entwurf")
    response = client.get(reverse(list_name), {"actor": "Geheimer Entwurf"})
    assert response.status_code == 400
    assert "aksll-entwurf" not in response.content.decode()


def test_links_made_from_a_filter_by_name_carry_the_slug(client, public_world):
    response = client.get(reverse("events:event_list"), {"actor": "AkSLL"})
    assert response.status_code == 200
    assert response.context["filter_query"] == "actor=aksll"
    html = response.content.decode()
    assert "?actor=aksll" in html and "?actor=AkSLL" not in html
    # The field shows what the person typed.
    assert 'value="AkSLL"' in html


def test_follow_up_links_made_from_a_filter_by_name_carry_the_slug(client, public_world):
    response = client.get(reverse("followups:followup_list"), {"actor": "aktionskreis strukturwandel leipziger land"})
    assert response.status_code == 200
    assert response.context["filter_query"] == "actor=aksll"


@pytest.fixture
def filter_world():
    vhs = actor("Volkshochschule Leipzig", short_name="VHS", slug="vhs")
    meetings = series("Klimastammtisch", organisers=[vhs])
    hall = create_place(name="Volkshaus Borna", locality="Borna")
    event("Klimakurs", organisers=[vhs], series=meetings, place=hall)
    event("Filmabend", organisers=[actor("Kino e. V.")])
    return {"actor": vhs, "series": meetings, "place": hall}


def titles(response) -> set[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content.decode()[:1000]
    return {occurrence.event.title for occurrence in response.context["page"].object_list}


@pytest.mark.parametrize(
    "params",
    [
        {"actor": "volkshochschule leipzig"},
        {"actor": "vhs"},
        {"series": "klimastammtisch"},
        {"place": "VOLKSHAUS BORNA"},
        {"series": "Klimastammtisch", "place": "Volkshaus Borna", "actor": "VHS"},
    ],
)
def test_events_by_names_in_any_case(client, filter_world, params):
    assert titles(client.get(reverse("events:event_list"), params)) == {"Klimakurs"}


@pytest.mark.parametrize("name", ["series", "place", "actor"])
def test_shared_unknown_and_over_long_names_in_the_event_filter_are_400s(client, filter_world, name):
    url = reverse("events:event_list")
    twin = {
        "series": lambda: series("Klimastammtisch", slug="klimastammtisch-2"),
        "place": lambda: create_place(name="Volkshaus Borna", locality="Borna-Nord"),
        "actor": lambda: actor("Volkshochschule Leipzig", slug="vhs-2"),
    }[name]()
    shared = {"series": "Klimastammtisch", "place": "Volkshaus Borna", "actor": "Volkshochschule Leipzig"}[name]
    response = client.get(url, {name: shared})
    assert response.status_code == 400
    html = response.content.decode()
    assert f"({filter_world[name].slug})" in html and f"({twin.slug})" in html
    assert client.get(url, {name: f"{shared} ({twin.slug})"}).status_code == 200
    assert client.get(url, {name: "Gibt es nicht"}).status_code == 400
    assert client.get(url, {name: "x" * 201}).status_code == 400


@pytest.mark.parametrize("name", ["series", "actor"])
def test_unknown_and_over_long_values_in_the_follow_up_filter_are_400s(client, filter_world, name):
    url = reverse("followups:followup_list")
    response = client.get(url, {name: "Gibt es nicht"})
    assert response.status_code == 400
    assert "Gibt es nicht" in response.content.decode()
    assert client.get(url, {name: "x" * 5000}).status_code == 400


def test_a_part_of_a_name_suggests_the_names_it_is_part_of(client, public_world):
    # Without a script to complete names, "Aktionskreis" was a dead end: "Kein … heißt „Aktionskreis“".
    response = client.get(reverse("events:event_list"), {"actor": "aktionskreis"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Meinten Sie: Aktionskreis Strukturwandel Leipziger Land (aksll)?" in html
    assert "aksll-entwurf" not in html  # a pending actor is never suggested by a public filter
    # The suggestion, typed as shown, is accepted.
    suggested = "Aktionskreis Strukturwandel Leipziger Land (aksll)"
    assert client.get(reverse("events:event_list"), {"actor": suggested}).status_code == 200


def test_no_suggestions_for_very_short_parts_or_without_a_match():
    with pytest.raises(ValidationError) as raised:
        field().clean("zz")
    assert "Meinten" not in str(raised.value) and "Did you" not in str(raised.value)
    actor("Umweltverband Lausitz")
    with pytest.raises(ValidationError) as raised:
        field().clean("Kulturverein")
    assert raised.value.error_list[0].code == "unknown"
    assert "Umweltverband" not in str(raised.value)
