"""Creating and editing projects."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from yunzhao.core.forms import add_action_errors

from ..actions import create_project, update_project
from ..forms import ProjectForm
from .common import require_writer, writable_project_or_404


def create(request: HttpRequest) -> HttpResponse:
    """A new project, placed in the user's own district or zone."""
    require_writer(request)
    form = ProjectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            project = create_project(
                actor=request.user, investors=list(form.cleaned_data["investors"]), **form.action_fields()
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("Project %(code)s created.") % {"code": project.code})
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/form.html", {"form": form, "project": None})


def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a project's fields; amount and owner changes go on the timeline."""
    project = writable_project_or_404(request, pk)
    form = ProjectForm(request.POST or None, instance=project, user=request.user)
    if request.method == "POST" and form.is_valid():
        changes = {**form.action_fields(), "investors": list(form.cleaned_data["investors"])}
        try:
            update_project(project, actor=request.user, changes=changes, note=form.cleaned_data["note"])
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("Project %(code)s saved.") % {"code": project.code})
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/form.html", {"form": form, "project": project})
