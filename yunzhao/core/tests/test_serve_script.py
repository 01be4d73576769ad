"""``bin/serve``: the interface it serves under is checked before anything is started."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_an_unknown_interface_is_refused_before_any_process_starts():
    # when
    result = subprocess.run([str(ROOT / "bin" / "serve")], env={**os.environ, "INTERFACE": "fastcgi"},
                            capture_output=True, text=True, timeout=30)
    # then
    assert result.returncode == 2
    assert "INTERFACE must be wsgi or asgi, not 'fastcgi'" in result.stderr
    assert "Background workers started" not in result.stdout
