from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"
    verbose_name = "考评"

    def ready(self) -> None:
        # Evidence calculators (core.registry): the member roll's, the meetings compliance
        # engine's and the committees' terms' (assessments/calculators.py).
        from .calculators import BUILTIN, CALCULATORS

        for calculator in BUILTIN:
            CALCULATORS.register(calculator)
