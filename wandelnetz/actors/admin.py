from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from wandelnetz.actors.models import Actor, Relation


@admin.register(Actor)
class ActorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "short_name"]
    filter_horizontal = ["topics", "regions", "places", "editors"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Relation)
class RelationAdmin(admin.ModelAdmin):
    list_display = ["source", "kind", "target", "state"]
    list_filter = ["kind", "state"]
    raw_id_fields = ["source", "target", "proposed_by_actor"]
