from django.urls import path

from decisions import apis

urlpatterns = [
    path("decisions/evaluate/", apis.DecisionEvaluateApi.as_view(), name="decision-evaluate"),
    path("isncsci/classify/", apis.IsncsciClassifyApi.as_view(), name="isncsci-classify"),
]
