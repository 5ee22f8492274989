from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"
    verbose_name = "考评"

    def ready(self) -> None:
        # Evidence calculators this app can compute from data on this branch (members);
        # meetings and terms register theirs in their own AppConfig.ready().
        from . import calculators

        calculators.register_builtin()
