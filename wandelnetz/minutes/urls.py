"""Minutes under /protokolle/ (the patterns live with their views)."""

from wandelnetz.minutes.views import urlpatterns

app_name = "minutes"

__all__ = ["app_name", "urlpatterns"]
