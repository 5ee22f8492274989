from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"
    verbose_name = "考评"

    def ready(self) -> None:
        # Evidence calculators: the member roll's, then those read from the meetings
        # compliance engine and the committees' terms (record_calculators.py).
        from . import calculators, record_calculators

        calculators.register_builtin()
        record_calculators.register_record_calculators()
