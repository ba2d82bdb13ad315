from django.contrib import admin

from wandelnetz.core.slugs import unique_slug
from wandelnetz.core.trees import attach_node, move_node
from wandelnetz.topics.models import Region, Topic


class TreeAdmin(admin.ModelAdmin):
    """Keeps the materialised path right when a node is added or moved in the admin."""

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if not obj.slug:
            obj.slug = unique_slug(type(obj), obj.name)
        if change and "parent" in form.changed_data:
            new_parent = obj.parent
            obj.parent = form.initial.get("parent") and type(obj).objects.get(pk=form.initial["parent"])
            super().save_model(request, obj, form, change)
            move_node(obj, new_parent)
            return
        super().save_model(request, obj, form, change)
        if not change:
            attach_node(obj)


@admin.register(Topic)
class TopicAdmin(TreeAdmin):
    list_display = ["name", "parent"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Region)
class RegionAdmin(TreeAdmin):
    list_display = ["name", "kind", "state", "parent"]
    list_filter = ["kind", "state"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
