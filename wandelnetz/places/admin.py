from django.contrib import admin

from wandelnetz.places.models import Place


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "locality", "region"]
    search_fields = ["name", "locality"]
    prepopulated_fields = {"slug": ["name"]}
