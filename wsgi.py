"""WSGI entry point: `gunicorn wsgi:app`."""

from panelhire import create_app

app = create_app()
