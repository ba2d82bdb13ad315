"""public views (being written)."""

urlpatterns: list = []
