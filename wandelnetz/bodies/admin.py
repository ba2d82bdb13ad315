from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from wandelnetz.bodies.models import Body, BodySource, Seat
from wandelnetz.search.services import index_object, remove_object


class BodySourceInline(admin.TabularInline):
    model = BodySource
    extra = 0


class SeatInline(admin.TabularInline):
    model = Seat
    extra = 0
    raw_id_fields = ["actor"]


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "level", "power", "last_verified_on"]
    list_filter = ["kind", "level", "power", "openness"]
    search_fields = ["name", "short_name"]
    filter_horizontal = ["topics", "regions", "editors"]
    raw_id_fields = ["convened_by", "series", "verified_by"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [BodySourceInline, SeatInline]

    def save_related(self, request, form, formsets, change):  # type: ignore[no-untyped-def]
        # The admin writes past the services; keep the search index in step all the same.
        super().save_related(request, form, formsets, change)
        index_object(obj=form.instance)

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        remove_object(obj=obj)
        super().delete_model(request, obj)
