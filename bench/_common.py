"""What the benchmarks share: a throwaway database, timing, and writing the results.

A benchmark calls ``throwaway_database(url)`` before Django is set up: with no URL it points Django
at a new SQLite file in a temporary directory; with a PostgreSQL URL it creates that database
(dropping a leftover one of the same name first) and drops it again at the end.
"""

import contextlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/yunzhao_bench"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@contextlib.contextmanager
def throwaway_database(url: str | None) -> Iterator[str]:
    """Point ``DATABASE_URL`` at an empty database for the length of the block; yields its kind."""
    workdir = Path(tempfile.mkdtemp(prefix="yunzhao-bench-"))
    os.environ["YUNZHAO_VAR_DIR"] = str(workdir / "var")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yunzhao.settings")
    os.environ["CONN_MAX_AGE"] = "0"
    try:
        if not url or url.startswith("sqlite"):
            os.environ["DATABASE_URL"] = url or f"sqlite:///{workdir / 'bench.sqlite3'}"
            yield "sqlite"
        else:
            name = urlsplit(url).path.lstrip("/") or "yunzhao_bench"
            _postgres(url, f'DROP DATABASE IF EXISTS "{name}"')
            _postgres(url, f'CREATE DATABASE "{name}"')
            os.environ["DATABASE_URL"] = url
            try:
                yield "postgresql"
            finally:
                from django.db import connections

                connections.close_all()
                _postgres(url, f'DROP DATABASE IF EXISTS "{name}"')
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _postgres(url: str, statement: str) -> None:
    """Run one statement on the server's ``postgres`` database (outside any transaction)."""
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit((parts.scheme.replace("postgresql", "postgres"), parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(statement)


def database_cpu_seconds() -> float:
    """CPU seconds used so far by this connection's PostgreSQL server process (0 for SQLite, which runs
    inside this process and is counted with it), read from /proc on this machine."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb() -> float:
    """The largest resident memory this process has used so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Timing:
    """Repeated measurements of one operation."""

    seconds: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def timed(fn: Callable[[], object], repeat: int = 1) -> tuple[Timing, object]:
    """Run ``fn`` ``repeat`` times; the timings and the last result."""
    timing, result = Timing(), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        timing.seconds.append(time.perf_counter() - start)
    return timing, result


def machine() -> dict[str, object]:
    """What the numbers were measured on."""
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}"}


def git_commit() -> str:
    """The commit the benchmark ran on, if git is at hand."""
    git = shutil.which("git")
    if git:
        with contextlib.suppress(OSError, subprocess.CalledProcessError):
            return subprocess.check_output([git, "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True).strip()
    return ""


def markdown_table(header: list[str], rows: list[list[object]]) -> str:
    """A GitHub-flavoured Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def text_table(header: list[str], rows: list[list[object]]) -> str:
    """A plain table for the terminal."""
    cells = [header, *[[str(c) for c in row] for row in rows]]
    widths = [max(len(str(row[i])) for row in cells) for i in range(len(header))]
    return "\n".join("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells)


def write_results(name: str, database: str, payload: dict, markdown: str) -> tuple[Path, Path]:
    """Save ``payload`` as JSON and ``markdown`` under ``bench/results/<name>-<database>-<timestamp>``."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    base = RESULTS / f"{name}-{database}-{stamp}"
    json_path, md_path = base.with_suffix(".json"), base.with_suffix(".md")
    json_path.write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n")
    md_path.write_text(markdown + "\n")
    return json_path, md_path
