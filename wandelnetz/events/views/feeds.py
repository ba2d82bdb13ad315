"""feeds views (being written)."""

urlpatterns: list = []
