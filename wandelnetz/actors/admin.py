from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from wandelnetz.actors.models import Actor, Relation
from wandelnetz.search.services import index_object, remove_object


@admin.register(Actor)
class ActorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "short_name"]
    filter_horizontal = ["topics", "regions", "places", "editors"]
    prepopulated_fields = {"slug": ["name"]}

    def save_related(self, request, form, formsets, change):  # type: ignore[no-untyped-def]
        # The admin writes past the services; keep the search index in step all the same.
        super().save_related(request, form, formsets, change)
        index_object(obj=form.instance)

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        remove_object(obj=obj)
        super().delete_model(request, obj)


@admin.register(Relation)
class RelationAdmin(admin.ModelAdmin):
    list_display = ["source", "kind", "target", "state"]
    list_filter = ["kind", "state"]
    raw_id_fields = ["source", "target", "proposed_by_actor"]
