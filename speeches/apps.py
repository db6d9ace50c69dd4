from django.apps import AppConfig
from django.core.signals import request_finished


class SpeechesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "speeches"

    def ready(self) -> None:
        from archive.collector import freeze_long_lived  # once the apps are loaded

        request_finished.connect(freeze_long_lived, dispatch_uid="archive.collector.freeze_long_lived")
