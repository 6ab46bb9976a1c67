from django.urls import path
from ingest.views import ExamCreateView, FloorView

urlpatterns = [
    path("api/v1/exams/", ExamCreateView.as_view()),
    path("floor/", FloorView.as_view()),
]
