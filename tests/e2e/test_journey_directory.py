"""Journey 1, "Wer macht was, wo?", walked in a real browser, in German (the default).

Navigation goes by link targets, form controls and data names, not by interface words:
the German and English catalogues change while the platform grows. Where wording matters,
the test reads a message Django itself ships in both languages.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from .browsing import (
    AKSLL,
    ALLIANCE_PREFIX,
    PLACE,
    filter_form,
    query_of,
    result_names,
    select_by_text,
)

pytestmark = pytest.mark.e2e


def test_who_does_what_where(tour):
    page = tour.page

    # Home, in German.
    tour.goto(reverse("home"))
    assert tour.lang() == "de"
    assert page.locator("h1").count() == 1

    # To the directory through the main navigation.
    nav_link = page.locator("header nav").locator(f'a[href="{reverse("actors:actor_list")}"]')
    assert nav_link.inner_text().strip() == "Akteure"
    tour.click_and_check(nav_link)
    assert urlsplit(page.url).path == reverse("actors:actor_list")
    assert page.locator("h1").count() == 1
    # Several actors before filtering.
    assert len(result_names(page)) > 1

    # Filter by topic and region with the form; the filters go into the address.
    form = filter_form(page)
    topic = select_by_text(form.locator("#id_topic"), "Mobilität")
    region = select_by_text(form.locator("#id_region"), "Landkreis Leipzig")
    tour.click_and_check(form.locator('button[type="submit"]'))
    query = query_of(page.url)
    assert query.get("topic") == [topic], page.url
    assert query.get("region") == [region], page.url
    # The form shows the filters it applied.
    assert page.locator("#id_topic").input_value() == topic
    assert page.locator("#id_region").input_value() == region
    names = result_names(page)
    assert AKSLL in names, names
    assert "Bürgerregion Lausitz" not in names, names
    assert "Gesellschaftsdenken e.V." not in names, names

    # The actor's page.
    tour.click_and_check(page.locator("ul.cards").get_by_role("link", name=AKSLL, exact=True))
    actor_url = page.url
    assert urlsplit(actor_url).path == reverse("actors:actor_detail", args=["aksll"])
    main = page.locator("main")
    assert AKSLL in page.locator("h1").inner_text()
    assert "offene Gruppe" in main.inner_text()  # description (Markdown rendered)
    assert page.locator("main li", has_text="innovativ, ökologisch und basisorientiert").count() == 1
    assert "jeden 2. Montag im Monat" in main.inner_text()  # meeting rhythm
    assert "mitmachen@ak-strukturwandel.de" in main.inner_text()  # how to join
    alliance = main.locator(f'a[href="{reverse("actors:actor_detail", args=["strukturwandeln"])}"]')
    assert alliance.count() == 1
    assert alliance.inner_text().startswith(ALLIANCE_PREFIX)
    topic_link = main.get_by_role("link", name="Mobilität", exact=True)
    region_link = main.get_by_role("link", name="Landkreis Leipzig", exact=True)
    place_link = main.get_by_role("link", name=PLACE, exact=True)
    for link in (topic_link, region_link, place_link):
        assert link.count() == 1

    # Its JSON-LD: a schema.org Organization, member of the alliance.
    (data,) = tour.json_ld()
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Organization"
    assert data["name"] == AKSLL
    assert data["url"].endswith(reverse("actors:actor_detail", args=["aksll"]))
    member_of = data["memberOf"]
    assert any(m["@type"] == "Organization" and m["name"].startswith(ALLIANCE_PREFIX) for m in member_of)
    assert "Mobilität" in data.get("knowsAbout", [])

    # The topic page lists the actor.
    tour.click_and_check(topic_link)
    assert urlsplit(page.url).path == reverse("topics:topic_detail", args=["mobilitaet"])
    assert page.locator("h1").inner_text().strip() == "Mobilität"
    assert page.locator("main").get_by_role("link", name=AKSLL, exact=True).count() == 1
    page.go_back()

    # The region page: the actor, and Neukieritzsch below the district.
    tour.click_and_check(page.locator("main").get_by_role("link", name="Landkreis Leipzig", exact=True))
    assert urlsplit(page.url).path == reverse("topics:region_detail", args=["landkreis-leipzig"])
    assert page.locator("h1").inner_text().strip() == "Landkreis Leipzig"
    assert page.locator("main").get_by_role("link", name=AKSLL, exact=True).count() == 1
    assert page.locator("main").get_by_role("link", name="Neukieritzsch", exact=True).count() == 1
    page.go_back()

    # The meeting place: the actor meets there; its JSON-LD is a Place.
    tour.click_and_check(page.locator("main").get_by_role("link", name=PLACE, exact=True))
    assert urlsplit(page.url).path == reverse("places:place_detail", args=["oekokirche-deutzen"])
    assert page.locator("h1").inner_text().strip() == PLACE
    assert page.locator("main").get_by_role("link", name=AKSLL, exact=True).count() == 1
    place_data = tour.json_ld()
    assert place_data, "the place page has no JSON-LD"
    assert place_data[0]["@type"] == "Place"
    assert place_data[0]["name"] == PLACE
    page.go_back()

    # The alliance, seen from the other side of the relation.
    tour.click_and_check(
        page.locator("main").locator(f'a[href="{reverse("actors:actor_detail", args=["strukturwandeln"])}"]')
    )
    assert page.locator("h1").inner_text().startswith(ALLIANCE_PREFIX)
    assert page.locator("main").get_by_role("link", name=AKSLL, exact=True).count() == 1
    (alliance_data,) = tour.json_ld()
    assert any(m["name"] == AKSLL for m in alliance_data.get("member", []))

    # The header search finds associations ("Vereine" matches "Verein") and marks the match.
    header_search = page.locator("header form[role=search]")
    header_search.locator('input[name="q"]').fill("Vereine")
    tour.click_and_check(header_search.locator('button[type="submit"]'))
    assert urlsplit(page.url).path == reverse("search")
    assert query_of(page.url).get("q") == ["Vereine"]
    hits = page.locator("main ol.hits > li")
    assert hits.count() >= 1
    gd_hit = hits.filter(has=page.get_by_role("link", name="Gesellschaftsdenken e.V.", exact=True))
    assert gd_hit.count() == 1, hits.all_inner_texts()
    marks = [m.lower() for m in page.locator("main ol.hits mark").all_inner_texts()]
    assert marks and all(m.startswith("verein") for m in marks), marks
    assert gd_hit.locator("mark").count() >= 1

    assert tour.lang() == "de"
    tour.assert_clean()


def test_language_switch_to_english(tour):
    page = tour.page
    actor_path = reverse("actors:actor_detail", args=["aksll"])
    list_path = reverse("actors:actor_list")

    # A message Django ships itself, in German: an unknown kind in the filter address.
    tour.goto(f"{list_path}?kind=unbekannt", expect_status=400)
    assert tour.lang() == "de"
    assert "gültige Auswahl" in page.locator("main").inner_text()

    tour.goto(actor_path)
    assert tour.lang() == "de"
    nav_link = page.locator("header nav").locator(f'a[href="{list_path}"]')
    german_nav = nav_link.inner_text().strip()
    assert german_nav == "Akteure"
    response = tour.click_and_check(page.locator('header a[hreflang="en"]'))

    # Back on the same page, now in English.
    assert urlsplit(page.url).path == actor_path
    assert tour.lang() == "en"
    assert response.header_value("content-language") == "en"
    assert page.locator('header a[hreflang="de"]').inner_text().strip() == "Deutsch"
    assert AKSLL in page.locator("h1").inner_text()  # content stays as entered
    # The navigation changed language (its exact English words are the catalogue's business).
    assert nav_link.inner_text().strip() not in ("", german_nav)

    # The choice sticks for the next page, and Django's own message is English now.
    tour.goto(f"{list_path}?kind=unbekannt", expect_status=400)
    assert tour.lang() == "en"
    assert "Select a valid choice" in page.locator("main").inner_text()

    # And back to German.
    tour.goto(actor_path)
    tour.click_and_check(page.locator('header a[hreflang="de"]'))
    assert tour.lang() == "de"
    tour.assert_clean()
