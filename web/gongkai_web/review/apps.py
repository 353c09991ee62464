from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "gongkai_web.review"
    label = "review"
    verbose_name = "审查台"
    default_auto_field = "django.db.models.BigAutoField"
