"""Test settings come from the environment like everywhere else; these are the test defaults."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-3c7f0c2b9a8e4d1f-not-for-production")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ.setdefault("HSTS_SECONDS", "0")
os.environ.setdefault("AXES_ENABLED", "1")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
