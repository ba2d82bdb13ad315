"""A pytest plugin (loaded with `-p` before Django starts) that sets the test environment.

Settings come from the environment everywhere; these are the test defaults. They must be in
place before pytest-django imports the settings, which happens before any conftest.py runs.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-3c7f0c2b9a8e4d1f-not-for-production")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ.setdefault("HSTS_SECONDS", "0")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Tests see every change at once; the page cache has tests of its own that switch it on.
os.environ.setdefault("PAGE_CACHE_SECONDS", "0")
# Background tasks run in-process, after the transaction that enqueued them commits.
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
