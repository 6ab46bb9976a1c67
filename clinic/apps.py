from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ClinicConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "clinic"
    verbose_name = "Clinics and access"

    def ready(self) -> None:
        # Registers the bearer-token scheme with drf-spectacular.
        from clinic import openapi  # noqa: F401
        from clinic.authentication import forget_recent_clients
        from clinic.models import ApiClient

        # A client saved or deleted in this process is looked up afresh on its next request.
        post_save.connect(forget_recent_clients, sender=ApiClient, dispatch_uid="clinic.forget_saved")
        post_delete.connect(forget_recent_clients, sender=ApiClient, dispatch_uid="clinic.forget_deleted")
