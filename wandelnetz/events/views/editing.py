"""editing views (being written)."""

urlpatterns: list = []
