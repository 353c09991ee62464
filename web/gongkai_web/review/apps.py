from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "gongkai_web.review"
    label = "review"
    verbose_name = "审查台"
    default_auto_field = "django.db.models.BigAutoField"


# django-tasks' database backend ships English names only; the admin shows them to administrators, and
# everything a user sees is Chinese. INSTALLED_APPS names this config instead of "django_tasks_db".
_TASK_FIELDS = {
    "id": "编号", "status": "状态", "enqueued_at": "排队时间", "started_at": "开始时间", "finished_at": "完成时间",
    "args_kwargs": "参数", "priority": "优先级", "task_path": "任务", "worker_ids": "工作进程", "queue_name": "队列",
    "backend_name": "后端", "run_after": "最早执行时间", "return_value": "返回值",
    "exception_class_path": "异常类型", "traceback": "出错位置",
}
TASK_STATUS = {"READY": "等待执行", "RUNNING": "执行中", "FAILED": "失败", "SUCCESSFUL": "已完成"}


class TasksDatabaseConfig(AppConfig):
    """django_tasks_db with Chinese names in the admin (the app itself is unchanged)."""

    name = "django_tasks_db"
    label = "django_tasks_database"
    verbose_name = "后台任务"

    def ready(self) -> None:
        from django_tasks_db import signal_handlers  # noqa: F401  (what the package's own config does)
        from django_tasks_db.models import DBTaskResult

        meta = DBTaskResult._meta
        meta.verbose_name, meta.verbose_name_plural = "任务结果", "任务结果"
        for field in meta.get_fields():
            if field.name in _TASK_FIELDS:
                field.verbose_name = _TASK_FIELDS[field.name]  # type: ignore[union-attr]
