from django.contrib import admin

from wandelnetz.followups.models import Follower, FollowUp, FollowUpLink, StatusChange


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    raw_id_fields = ["changed_by"]


class FollowUpLinkInline(admin.TabularInline):
    model = FollowUpLink
    fk_name = "follow_up"
    extra = 0
    raw_id_fields = ["event", "body", "target", "added_by"]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "owner_actor", "owner_name", "due_date", "status_changed_at"]
    list_filter = ["status", "origin"]
    search_fields = ["title", "owner_name"]
    raw_id_fields = ["owner_actor", "source_event", "created_by"]
    filter_horizontal = ["topics"]
    readonly_fields = ["status_changed_at"]
    inlines = [StatusChangeInline, FollowUpLinkInline]


@admin.register(Follower)
class FollowerAdmin(admin.ModelAdmin):
    list_display = ["follow_up", "user", "created"]
    raw_id_fields = ["follow_up", "user"]
