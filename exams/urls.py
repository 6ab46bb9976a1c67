from django.urls import path

from exams import apis

urlpatterns = [
    path("exams/", apis.ExamListCreateApi.as_view(), name="exam-list"),
    path("exams/<int:exam_id>/", apis.ExamDetailApi.as_view(), name="exam-detail"),
    path("exams/<int:exam_id>/decision/", apis.ExamDecisionApi.as_view(), name="exam-decision"),
    path("exams/<int:exam_id>/versions/", apis.ExamVersionListApi.as_view(), name="exam-version-list"),
    path(
        "exams/<int:exam_id>/versions/<int:number>/",
        apis.ExamVersionDetailApi.as_view(),
        name="exam-version-detail",
    ),
    path("decisions/evaluate/", apis.DecisionEvaluateApi.as_view(), name="decision-evaluate"),
    path("references/", apis.ReferenceListApi.as_view(), name="reference-list"),
    path("isncsci/classify/", apis.IsncsciClassifyApi.as_view(), name="isncsci-classify"),
]
