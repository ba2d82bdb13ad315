"""What the list, the boards and a follow-up's page show."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from wandelnetz.accounts.tests.factories import UserFactory
from wandelnetz.actors.tests.factories import actor
from wandelnetz.events.tests.factories import event, series
from wandelnetz.followups import services
from wandelnetz.followups.selectors import FollowUpFilter, filtered_follow_ups, follow_ups_on_topic
from wandelnetz.followups.tests.factories import follow_up
from wandelnetz.topics.tests.factories import topic

pytestmark = pytest.mark.django_db


def _listed(client, **params) -> list[str]:
    response = client.get(reverse("followups:followup_list"), params)
    assert response.status_code == 200
    return [item.title for item in response.context["page"].object_list]


def test_list_filters_by_status_topic_with_subtopics_series_and_owner(client):
    mobility = topic("Mobilität")
    bus = topic("Bus", parent=mobility)
    aksll = actor("AkSLL")
    stammtisch = series("Stammtisch")
    in_series = follow_up("In der Reihe", source_event=event("Treffen", series=stammtisch))
    on_bus = follow_up("Busse", topics=[bus], owner_actor=aksll)
    follow_up("Sonst")
    services.change_status(follow_up=on_bus, to_status="in_progress", user=None)
    assert sorted(_listed(client)) == ["Busse", "In der Reihe", "Sonst"]
    assert _listed(client, status="in_progress") == ["Busse"]
    assert _listed(client, topic=mobility.slug) == ["Busse"]
    assert _listed(client, series=stammtisch.slug) == [in_series.title]
    assert _listed(client, actor=aksll.slug) == ["Busse"]
    assert _listed(client, actor=aksll.slug, status="proposed") == []


def test_list_rows_show_status_in_words_owner_due_date_and_event(client):
    meeting = event("Stammtisch 06.12.")
    item = follow_up("Jugend", owner_name="Koordination", source_event=meeting, due_date="2022-03-07")
    page = client.get(reverse("followups:followup_list")).content.decode()
    assert item.get_absolute_url() in page and "Koordination" in page and meeting.get_absolute_url() in page
    assert 'class="badge followup-status followup-status-proposed"' in page
    assert "2022-03-07" in page


def test_page_shows_timeline_with_names_never_emails_and_links_both_ways(client):
    person = UserFactory(display_name="Erika", email="erika@example.org")
    item = follow_up("Infoplattform", text="Ein **Konzept**.", created_by=person)
    services.change_status(follow_up=item, to_status="stalled", reason="Mittel fehlen", comment="leider", user=person)
    successor = follow_up("Mit der Bündnis-Website")
    services.add_link(follow_up=successor, target=item, note="gebündelt")
    services.add_link(follow_up=item, url="https://example.org/buendnis")
    page = client.get(item.get_absolute_url()).content.decode()
    assert "<strong>Konzept</strong>" in page
    timeline = page.split('class="followup-timeline"')[1].split("</ol>")[0]
    assert timeline.index("followup-status-proposed") < timeline.index("followup-status-stalled")
    assert "Mittel fehlen" in timeline and "leider" in timeline and "Erika" in timeline
    assert "erika@example.org" not in page
    assert successor.get_absolute_url() in page and "https://example.org/buendnis" in page


def test_boards_draw_the_filled_columns_in_order_and_name_the_empty_statuses(client):
    stammtisch = series("Stammtisch")
    mobility = topic("Mobilität")
    rejected = follow_up("Busse", topics=[mobility], source_event=event("Treffen", series=stammtisch))
    services.change_status(follow_up=rejected, to_status="rejected", reason="zu teuer", user=None)
    follow_up("Radweg", topics=[mobility], source_event=event("Treffen 2", series=stammtisch))  # proposed
    for url in (
        reverse("followups:series_board", args=[stammtisch.slug]),
        reverse("followups:topic_board", args=[mobility.slug]),
    ):
        page = client.get(url).content.decode()
        assert page.index('id="board-proposed"') < page.index('id="board-rejected"')
        for status in ("under_review", "in_progress", "stalled", "done"):
            assert f'id="board-{status}"' not in page
        assert "Nichts mit dem Status: in Prüfung, in Arbeit, ins Stocken geraten, erledigt" in page
        assert "zu teuer" in page and rejected.get_absolute_url() in page


def test_an_empty_board_says_so_in_one_line(client):
    quiet = topic("Kunst und Kultur")
    page = client.get(reverse("followups:topic_board", args=[quiet.slug])).content.decode()
    assert "Hier wurde noch nichts festgehalten." in page
    assert 'class="followup-board"' not in page


def test_board_include_renders_the_topic_dict():
    mobility = topic("Mobilität")
    item = follow_up("Busse", topics=[topic("Bus", parent=mobility)], owner_name="Verkehrsverbund")
    html = render_to_string("followups/includes/board.html", {"board": follow_ups_on_topic(mobility)})
    assert item.title in html and "Verkehrsverbund" in html and 'id="board-proposed"' in html


def test_filter_by_query_combines_with_status():
    item = follow_up("Jugendbeteiligung vertiefen")
    assert list(filtered_follow_ups(FollowUpFilter(query="Jugendbeteiligung", status="proposed"))) == [item]
    assert list(filtered_follow_ups(FollowUpFilter(query="Jugendbeteiligung", status="done"))) == []
