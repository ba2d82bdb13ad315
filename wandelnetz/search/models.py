from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchEntry(models.Model):
    """One searchable object of any app, as the search index sees it.

    `title_stems`/`body_stems` hold the German stems that SQLite's FTS5 table indexes;
    `vector` is filled and GIN-indexed on PostgreSQL only (see the migration).
    """

    kind = models.CharField(max_length=40)  # app_label.model
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300)
    is_public = models.BooleanField(default=True)
    title_stems = models.TextField(blank=True)
    body_stems = models.TextField(blank=True)
    vector = SearchVectorField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique_object")]
        indexes = [models.Index(fields=["kind", "is_public"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title}"
