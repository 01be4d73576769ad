import os
import subprocess
import sys
from pathlib import Path


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    # given
    env = {**os.environ, "YUNZHAO_PRODUCTION": "1", "SECRET_KEY": "x" * 20 + "-production-key-" + "y" * 30,
           "ALLOWED_HOSTS": "example.org", "YUNZHAO_VAR_DIR": str(tmp_path)}
    env.pop("YUNZHAO_DEBUG", None)
    # the browser tests set this for their own worker; a deployment never has it
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    manage = Path(__file__).resolve().parents[2] / "manage.py"
    # when
    result = subprocess.run([sys.executable, str(manage), "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, capture_output=True, text=True, timeout=120)
    # then
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_cookies_are_secure_and_hsts_is_on(tmp_path):
    # given
    env = {**os.environ, "YUNZHAO_PRODUCTION": "1", "SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "example.org",
           "YUNZHAO_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "yunzhao.settings"}
    code = ("from django.conf import settings as s; "
            "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, s.SECURE_SSL_REDIRECT)")
    # when
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    # then
    assert result.stdout.split() == ["True", "True", "True", "True"], result.stderr
