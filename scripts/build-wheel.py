#!/usr/bin/env python3
"""Builds the Python wheel of fastapi-docker-lint from the standalone executable, with the standard
library only: no build backend, no download, no upload.

    python3 scripts/build-wheel.py [--binary dist/binary/fastapi-docker-lint] [--out dist/python]

(`npm run build:wheel` builds the executable first, then runs this.)

The wheel holds the executable as `fastapi_docker_lint-VERSION.data/scripts/fastapi-docker-lint`,
as ruff's wheels hold ruff: pip, pipx and uv install it straight into the environment's `bin`, so
a run starts the executable itself, with no Python interpreter in front of it (a console-script
entry point would start Python first, and add its start-up to every run). The small package
`fastapi_docker_lint` (python/) only finds that executable, for `python -m fastapi_docker_lint`.

The platform tag is read off the executable, not assumed: the newest glibc symbol version it needs
makes it manylinux_2_X (the policy of PEP 600), and its libraries and libstdc++ symbol versions must
be within that policy, or the build fails. The version, summary, license, keywords and project URLs
come from package.json; the long description is the README, its relative links made absolute so
that they work on PyPI. The archive is reproducible: entries are sorted and dated
SOURCE_DATE_EPOCH (default: 1980-01-01), so the same inputs make the same bytes.
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import io
import json
import os
import re
import stat
import struct
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "fastapi-docker-lint"
DIST_NAME = "fastapi_docker_lint"

CLASSIFIERS = [
    "Development Status :: 3 - Alpha",
    "Environment :: Console",
    "Framework :: FastAPI",
    "Intended Audience :: Developers",
    "License :: OSI Approved :: MIT License",
    "Operating System :: POSIX :: Linux",
    "Programming Language :: JavaScript",
    "Programming Language :: Python :: 3 :: Only",
    "Topic :: Software Development :: Quality Assurance",
]

# PEP 600 / auditwheel policies: the libraries a manylinux wheel may link against, and the newest
# libstdc++ symbol versions of each glibc baseline (CentOS 7's GCC 4.8, AlmaLinux 8's GCC 8).
ALLOWED_LIBRARIES = {
    "libgcc_s.so.1", "libstdc++.so.6", "libm.so.6", "libdl.so.2", "librt.so.1", "libc.so.6",
    "libnsl.so.1", "libutil.so.1", "libpthread.so.0", "libresolv.so.2", "ld-linux-x86-64.so.2",
}
LIBSTDCXX_LIMITS = {(2, 17): {"GLIBCXX": (3, 4, 19), "CXXABI": (1, 3, 7)}, (2, 28): {"GLIBCXX": (3, 4, 25), "CXXABI": (1, 3, 11)}}


# --- the executable -------------------------------------------------------------------------------

def elf_requirements(binary: Path) -> tuple[set[str], dict[str, set[tuple[int, ...]]]]:
    """DT_NEEDED libraries and the symbol versions required of them (GLIBC_2.28, ...), from the
    ELF's .dynamic and .gnu.version_r sections."""
    data = binary.read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise SystemExit(f"{binary} is not a 64-bit little-endian ELF executable")
    machine = struct.unpack_from("<H", data, 18)[0]
    if machine != 62:  # EM_X86_64
        raise SystemExit(f"{binary} is not an x86_64 executable (e_machine {machine})")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]

    def string(section_index: int, offset: int) -> str:
        start = sections[section_index][4] + offset
        return data[start:data.index(b"\0", start)].decode()

    needed: set[str] = set()
    versions: dict[str, set[tuple[int, ...]]] = {}
    for _name, sh_type, _flags, _addr, offset, size, link, _info, _align, entsize in sections:
        if sh_type == 6:  # SHT_DYNAMIC
            for position in range(offset, offset + size, entsize or 16):
                tag, value = struct.unpack_from("<qQ", data, position)
                if tag == 0:
                    break
                if tag == 1:  # DT_NEEDED
                    needed.add(string(link, value))
        elif sh_type == 0x6FFFFFFE:  # SHT_GNU_verneed
            position = offset
            while True:
                _version, count, _file, aux, next_need = struct.unpack_from("<HHIII", data, position)
                aux_position = position + aux
                for _ in range(count):
                    _hash, _vflags, _other, name, next_aux = struct.unpack_from("<IHHII", data, aux_position)
                    match = re.fullmatch(r"([A-Z]+)_([0-9.]+)", string(link, name))
                    if match:
                        versions.setdefault(match[1], set()).add(tuple(int(part) for part in match[2].split(".")))
                    aux_position += next_aux
                if not next_need:
                    break
                position += next_need
    return needed, versions


def platform_tag(binary: Path) -> str:
    needed, versions = elf_requirements(binary)
    foreign = sorted(needed - ALLOWED_LIBRARIES)
    if foreign:
        raise SystemExit(f"{binary} links against libraries no manylinux policy allows: {', '.join(foreign)}")
    glibc = max(versions.get("GLIBC", {(2, 17)}))
    baseline = next((level for level in sorted(LIBSTDCXX_LIMITS) if level >= glibc[:2]), None)
    if baseline is None:
        raise SystemExit(f"{binary} needs glibc {'.'.join(map(str, glibc))}, newer than the policies known here")
    for symbol, limit in LIBSTDCXX_LIMITS[baseline].items():
        newest = max(versions.get(symbol, {(0,)}))
        if newest > limit:
            raise SystemExit(f"{binary} needs {symbol}_{'.'.join(map(str, newest))}, newer than manylinux_{baseline[0]}_{baseline[1]} allows")
    return f"manylinux_{baseline[0]}_{baseline[1]}_x86_64"


# --- metadata -------------------------------------------------------------------------------------

def long_description(package: dict, version: str) -> str:
    """The README, with its relative links pointing at the tagged release on GitHub."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    repository = package["homepage"].split("#")[0].rstrip("/")

    def absolute(match: re.Match) -> str:
        target = match[2]
        if re.match(r"^[a-z]+:|^#", target):
            return match[0]
        kind = "raw" if re.search(r"\.(png|svg|jpg|gif)$", target) else "blob"
        return f"{match[1]}({repository}/{kind}/v{version}/{target})"

    return re.sub(r"(\]\s*)\(([^)\s]+)\)", absolute, readme)


def metadata(package: dict, version: str) -> str:
    repository = package["homepage"].split("#")[0].rstrip("/")
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {NAME}",
        f"Version: {version}",
        f"Summary: {package['description']}",
        f"Keywords: {','.join(package['keywords'])}",
        f"License: {package['license']}",
        *(f"Classifier: {classifier}" for classifier in CLASSIFIERS),
        "Requires-Python: >=3.8",
        f"Project-URL: Homepage, {repository}",
        f"Project-URL: Documentation, {repository}#readme",
        f"Project-URL: Repository, {repository}",
        f"Project-URL: Issues, {repository}/issues",
        f"Project-URL: Releases, {repository}/releases",
        "Description-Content-Type: text/markdown; charset=UTF-8; variant=GFM",
    ]
    return "\n".join(lines) + "\n\n" + long_description(package, version)


# --- the archive ----------------------------------------------------------------------------------

def record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def build(binary: Path, out: Path, notices: Path | None) -> Path:
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    version = package["version"]
    tag = platform_tag(binary)
    data_dir = f"{DIST_NAME}-{version}.data"
    info_dir = f"{DIST_NAME}-{version}.dist-info"

    files: list[tuple[str, bytes, int]] = []  # archive path, bytes, mode
    for source in sorted((ROOT / "python" / DIST_NAME).glob("*.py")):
        files.append((f"{DIST_NAME}/{source.name}", source.read_bytes(), 0o644))
    files.append((f"{data_dir}/scripts/{NAME}", binary.read_bytes(), 0o755))
    files.append((f"{info_dir}/METADATA", metadata(package, version).encode("utf-8"), 0o644))
    files.append((f"{info_dir}/WHEEL", (
        "Wheel-Version: 1.0\n"
        "Generator: fastapi-docker-lint scripts/build-wheel.py\n"
        "Root-Is-Purelib: false\n"
        f"Tag: py3-none-{tag}\n"
    ).encode(), 0o644))
    files.append((f"{info_dir}/licenses/LICENSE", (ROOT / "LICENSE").read_bytes(), 0o644))
    if notices is not None:
        files.append((f"{info_dir}/licenses/{notices.name}", notices.read_bytes(), 0o644))

    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    for path, content, _mode in files:
        writer.writerow([path, record_hash(content), len(content)])
    writer.writerow([f"{info_dir}/RECORD", "", ""])
    files.append((f"{info_dir}/RECORD", record.getvalue().encode(), 0o644))

    out.mkdir(parents=True, exist_ok=True)
    wheel = out / f"{DIST_NAME}-{version}-py3-none-{tag}.whl"
    epoch = max(int(os.environ.get("SOURCE_DATE_EPOCH", "315532800")), 315532800)
    date_time = time.gmtime(epoch)[:6]
    temporary = wheel.with_suffix(".whl.tmp")
    with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path, content, mode in files:  # RECORD last, as the wheel spec recommends
            info = zipfile.ZipInfo(path, date_time=date_time)
            info.external_attr = (stat.S_IFREG | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content, compresslevel=6)
    temporary.replace(wheel)
    return wheel


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", type=Path, default=ROOT / "dist/binary/fastapi-docker-lint")
    parser.add_argument("--notices", type=Path, default=ROOT / "dist/binary/THIRD-PARTY-NOTICES.txt",
                        help="the licenses of what the executable bundles (written by build-binary.mjs)")
    parser.add_argument("--out", type=Path, default=ROOT / "dist/python")
    args = parser.parse_args()
    if not args.binary.is_file():
        raise SystemExit(f"{args.binary} is missing: run `npm run build:binary` first")
    if not args.notices.is_file():
        raise SystemExit(f"{args.notices} is missing: run `npm run build:binary` first")
    wheel = build(args.binary, args.out, args.notices)
    print(f"{wheel.relative_to(ROOT) if wheel.is_relative_to(ROOT) else wheel}: {wheel.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    sys.exit(main())
