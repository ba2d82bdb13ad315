from django.urls import path

from wandelnetz.actors import views

app_name = "actors"

urlpatterns = [
    path("", views.actor_list, name="actor_list"),
    path("neu/", views.actor_create, name="actor_create"),
    path("meine/", views.my_actors, name="my_actors"),
    path("moderation/", views.moderation_queue, name="moderation_queue"),
    path("beziehungen/<int:pk>/entscheiden/", views.relation_decide, name="relation_decide"),
    path("beziehungen/<int:pk>/zurueckziehen/", views.relation_withdraw, name="relation_withdraw"),
    path("beziehungen/<int:pk>/beenden/", views.relation_end, name="relation_end"),
    path("beziehungen/<int:pk>/loeschen/", views.relation_delete, name="relation_delete"),
    path("<slug:slug>/", views.actor_detail, name="actor_detail"),
    path("<slug:slug>/bearbeiten/", views.actor_edit, name="actor_edit"),
    path("<slug:slug>/verlauf/", views.actor_history, name="actor_history"),
    path("<slug:slug>/redaktion/", views.actor_editors, name="actor_editors"),
    path("<slug:slug>/moderieren/", views.actor_moderate, name="actor_moderate"),
    path("<slug:slug>/beziehungen/", views.relation_propose, name="relation_propose"),
]
