from django.apps import AppConfig


class ClinicConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "clinic"
    verbose_name = "Clinics and access"

    def ready(self) -> None:
        # Registers the bearer-token scheme with drf-spectacular.
        from clinic import openapi  # noqa: F401
