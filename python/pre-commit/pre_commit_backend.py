"""The PEP 517 build backend of pyproject.toml: a wheel for pre-commit's `language: python` hook.

`pip install .` in this repository (what pre-commit does for a Python hook) gets a wheel with no
files, only METADATA requiring `fastapi-docker-lint==VERSION`, VERSION being package.json's: pip
then installs the Python package of the same release (the standalone executable) from PyPI, or
from wherever pip is pointed (`PIP_FIND_LINKS`, as the tests do). Standard library only.
"""

import base64
import hashlib
import json
import os
import zipfile

NAME = "fastapi_docker_lint_pre_commit"
_EPOCH = (1980, 1, 1, 0, 0, 0)


def _version():
    with open("package.json", encoding="utf-8") as file:
        return json.load(file)["version"]


def _metadata(version):
    return (
        "Metadata-Version: 2.1\n"
        f"Name: {NAME}\n"
        f"Version: {version}\n"
        "Summary: The pre-commit hook of fastapi-docker-lint, without Node.js\n"
        "License: MIT\n"
        "Requires-Python: >=3.8\n"
        f"Requires-Dist: fastapi-docker-lint=={version}\n"
    )


def _files(version):
    info = f"{NAME}-{version}.dist-info"
    return {
        f"{info}/METADATA": _metadata(version).encode(),
        f"{info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: python/pre-commit/pre_commit_backend.py\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }


def get_requires_for_build_wheel(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    version = _version()
    for path, content in _files(version).items():
        target = os.path.join(metadata_directory, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as file:
            file.write(content)
    return f"{NAME}-{version}.dist-info"


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    version = _version()
    files = _files(version)
    info = f"{NAME}-{version}.dist-info"
    record = "".join(
        f"{path},sha256={base64.urlsafe_b64encode(hashlib.sha256(content).digest()).rstrip(b'=').decode()},{len(content)}\n"
        for path, content in files.items()
    ) + f"{info}/RECORD,,\n"
    files[f"{info}/RECORD"] = record.encode()
    name = f"{NAME}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in files.items():
            archive.writestr(zipfile.ZipInfo(path, date_time=_EPOCH), content)
    return name
