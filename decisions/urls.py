from django.urls import path

from decisions import apis

urlpatterns = [
    path("decisions/evaluate/", apis.DecisionEvaluateApi.as_view(), name="decision-evaluate"),
    path("references/", apis.ReferenceListApi.as_view(), name="reference-list"),
]
