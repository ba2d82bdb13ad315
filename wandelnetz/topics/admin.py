from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wandelnetz.core.slugs import unique_slug
from wandelnetz.core.trees import attach_node, move_node
from wandelnetz.search.services import index_object
from wandelnetz.topics.models import Region, Topic


class TreeNodeForm(forms.ModelForm):
    def clean_parent(self):  # type: ignore[no-untyped-def]
        parent = self.cleaned_data.get("parent")
        node = self.instance
        if parent is not None and node.pk and parent.path.startswith(node.path):
            raise forms.ValidationError(_("A node cannot be moved below itself or one of its children."))
        return parent


class TreeAdmin(admin.ModelAdmin):
    """Keeps the materialised path and the search index right when a node is added or moved."""

    form = TreeNodeForm

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if not obj.slug:
            obj.slug = unique_slug(type(obj), obj.name)
        if not change:
            super().save_model(request, obj, form, change)
            attach_node(obj)
        elif "parent" in form.changed_data:
            new_parent = obj.parent
            obj.parent = type(obj).objects.get(pk=obj.pk).parent  # save the rest first, then move
            super().save_model(request, obj, form, change)
            move_node(obj, new_parent)
        else:
            super().save_model(request, obj, form, change)
        index_object(obj=obj)


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
