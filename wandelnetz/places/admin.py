from django.contrib import admin

from wandelnetz.places.models import Place
from wandelnetz.search.services import index_object, remove_object


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "locality", "region"]
    search_fields = ["name", "locality"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        # The admin writes past the services; keep the search index in step all the same.
        super().save_model(request, obj, form, change)
        index_object(obj=obj)

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        remove_object(obj=obj)
        super().delete_model(request, obj)
