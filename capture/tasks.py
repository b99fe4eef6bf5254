"""The background task: one per URL, run by the worker (`manage.py db_worker`)."""

from django_tasks import task

from .service import run_capture


@task()
def capture_page(capture_id):
    run_capture(capture_id)
