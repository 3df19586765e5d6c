"""`python -m fastapi_docker_lint ARGS`: runs the installed executable with ARGS."""

import os
import sys

from fastapi_docker_lint import find_fastapi_docker_lint_bin


def main() -> None:
    binary = find_fastapi_docker_lint_bin()
    os.execv(binary, [binary, *sys.argv[1:]])


if __name__ == "__main__":
    main()
