"""fastapi-docker-lint, the linter for the Dockerfiles of FastAPI applications, as a Python package.

The wheel installs the standalone executable (a Node.js single executable application: no Node.js
needed) as the `fastapi-docker-lint` script, as ruff's wheels install ruff. This package only finds
that executable, for `python -m fastapi_docker_lint`.
"""

import os
import sys
import sysconfig

__all__ = ["find_fastapi_docker_lint_bin"]

_NAME = "fastapi-docker-lint"


def find_fastapi_docker_lint_bin() -> str:
    """The installed executable: in this environment's scripts folder, the user's, or a
    `pip install --target` folder's `bin`."""
    folders = [sysconfig.get_path("scripts")]
    user_scheme = f"{os.name}_user"
    if user_scheme in sysconfig.get_scheme_names():
        folders.append(sysconfig.get_path("scripts", scheme=user_scheme))
    folders.append(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bin"))
    for folder in folders:
        candidate = os.path.join(folder, _NAME)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    raise FileNotFoundError(f"{_NAME} was not found in {', '.join(folders)} (Python {sys.version.split()[0]})")
