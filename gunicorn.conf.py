"""Production app server settings (gunicorn reads this file from the working directory).

gthread workers: a request waiting on the database does not hold a whole process, which suits a
small server with two cores. Override any value with GUNICORN_CMD_ARGS or the variables below.
"""

import os

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 30
graceful_timeout = 20
max_requests = 5000  # recycle workers now and then, against slow leaks
max_requests_jitter = 500
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
wsgi_app = "wandelnetz.wsgi:application"
