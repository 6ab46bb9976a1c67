from django.urls import path

from alerts import apis

urlpatterns = [
    path("webhooks/", apis.WebhookListCreateApi.as_view(), name="webhook-list"),
    path("webhooks/<int:subscription_id>/", apis.WebhookDetailApi.as_view(), name="webhook-detail"),
]
