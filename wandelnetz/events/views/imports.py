"""imports views (being written)."""

urlpatterns: list = []
