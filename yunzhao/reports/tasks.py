"""Background work of reports, run by ``yunzhao db_worker``."""

from django_tasks import task

from . import actions


@task()
def generate_weekly_report(report_id: int) -> str:
    """Generate the files of a queued report; a report already done is left alone. Returns its status."""
    report = actions.generate_report(report_id)
    return report.status if report is not None else "missing"
