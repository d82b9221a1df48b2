"""`make bench`: Doorway on the real stack (gunicorn, PostgreSQL, Redis, a Celery worker), driven
the way people use it, next to a one-INSERT baseline served by the same gunicorn."""
