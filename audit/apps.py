from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from audit.signals import refresh_audit_triggers

        post_migrate.connect(refresh_audit_triggers, sender=self, dispatch_uid="audit_refresh_triggers")
