"""registration views (being written)."""

urlpatterns: list = []
