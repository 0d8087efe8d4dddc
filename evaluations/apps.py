from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from evaluations import cache_signals

        cache_signals.connect_all()
