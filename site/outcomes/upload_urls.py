from django.urls import path

from outcomes import upload_views

app_name = "statistics"

urlpatterns = [
    path("upload/", upload_views.upload, name="upload"),
    path("upload/<int:pk>/", upload_views.upload_status, name="upload_status"),
]
