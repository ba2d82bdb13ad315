"""Events under /veranstaltungen/: each views module brings its own patterns.

The order matters: fixed prefixes first, the event pages (`<slug>/`) last.
"""

from wandelnetz.events.views import editing, feeds, imports, public, registration

app_name = "events"

urlpatterns = [
    *feeds.urlpatterns,
    *registration.urlpatterns,
    *imports.urlpatterns,
    *editing.urlpatterns,
    *public.urlpatterns,
]
