from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from wandelnetz.core import views as core_views
from wandelnetz.core.language import switch_language
from wandelnetz.search import views as search_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("ueber/", core_views.about, name="about"),
    path("health/", core_views.health, name="health"),
    path("akteure/", include("wandelnetz.actors.urls")),
    path("orte/", include("wandelnetz.places.urls")),
    path("veranstaltungen/", include("wandelnetz.events.urls")),
    path("gremien/", include("wandelnetz.bodies.urls")),
    path("ergebnisse/", include("wandelnetz.followups.urls")),
    path("protokolle/", include("wandelnetz.minutes.urls")),
    path("", include("wandelnetz.topics.urls")),
    path("suche/", search_views.search, name="search"),
    path("benachrichtigungen/", include("wandelnetz.accounts.notification_urls")),
    # Before allauth's patterns, which would otherwise answer for every address under /konto/.
    path("konto/", include("wandelnetz.accounts.urls")),
    path("konto/", include("allauth.urls")),
    path("sprache/", switch_language, name="switch_language"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "wandelnetz.core.views.bad_request"
handler403 = "wandelnetz.core.views.permission_denied"
handler404 = "wandelnetz.core.views.page_not_found"
handler500 = "wandelnetz.core.views.server_error"
