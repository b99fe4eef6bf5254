from django.urls import path

from . import views

app_name = "capture"

urlpatterns = [
    path("<int:pk>.warc.gz", views.snapshot_warc, name="snapshot_warc"),
    path("<int:pk>/page/", views.snapshot_content, name="snapshot_content"),
]
