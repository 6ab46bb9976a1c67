from django.urls import path
from ingest.views import ExamCreateView

urlpatterns = [path("api/v1/exams/", ExamCreateView.as_view())]
