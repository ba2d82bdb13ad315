from django.contrib import admin

from wandelnetz.minutes.models import Minutes, MinutesLink
from wandelnetz.search.services import index_object, remove_object


class MinutesLinkInline(admin.TabularInline):
    model = MinutesLink
    extra = 0
    raw_id_fields = ["actor"]


@admin.register(Minutes)
class MinutesAdmin(admin.ModelAdmin):
    list_display = ["event", "imported_at", "modified"]
    search_fields = ["event__title"]
    raw_id_fields = ["event", "imported_by"]
    readonly_fields = ["imported_at", "imported_by", "import_summary"]
    list_select_related = ["event"]
    inlines = [MinutesLinkInline]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        # The admin writes past the services; keep the search index in step all the same.
        super().save_model(request, obj, form, change)
        index_object(obj=obj)

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        remove_object(obj=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        for minutes in queryset:
            remove_object(obj=minutes)
        super().delete_queryset(request, queryset)
