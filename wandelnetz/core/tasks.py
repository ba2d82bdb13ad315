"""Background work shared by the apps (django-tasks; the database queue by default)."""

from functools import partial
from typing import Any

from django.db import transaction
from django_tasks.base import Task


def enqueue_after_commit(job: Task, *args: Any) -> None:
    """Queue a task once the current transaction commits: no mail speaks of a rolled-back change."""
    transaction.on_commit(partial(job.enqueue, *args))
