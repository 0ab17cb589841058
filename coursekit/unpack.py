"""Unpack hand-ins: a folder, a zip (zips inside it too) or a notebook, into a scratch folder.

Used by coursekit.handin, which then decides whose each file is. Uses the
extractor plugin of nbgrader's `zip_collect`.
"""
import logging
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from nbgrader.plugins import ExtractorPlugin

QUIET_LOG = logging.getLogger("coursekit.handin.nbgrader")
QUIET_LOG.setLevel(logging.ERROR)  # the plugins' chatter; the import reports itself


@dataclass
class Handin:
    """One file found in the hand-ins."""

    file: Path  # the extracted copy
    inside: str  # its path inside the hand-in folder or zip, which the pattern reads
    shown_as: str  # how messages name it
    upload: str = ""  # the name of the zip inside the download it came from, if any
    owner: str = ""  # the student whose upload that zip is (from its name), if any
    student: str = ""
    exercise: str = ""


def extract(source, scratch, result):
    """Copy `source` into the folder `scratch`, unpacking zips; returns the Handin files.

    Hidden files and folders (.DS_Store, .ipynb_checkpoints) and __MACOSX
    are not hand-ins: they are listed in result.ignored.
    """
    extracted = scratch / "extracted"
    extracted.mkdir(parents=True)
    if source.is_dir():
        archive = source
    else:
        archive = scratch / "archive"
        archive.mkdir()
        shutil.copy(source, archive / source.name)
    try:
        ExtractorPlugin(log=QUIET_LOG).extract(str(archive), str(extracted))
    except Exception as error:  # a damaged zip: report it, import the other sources
        result.problems.append(f"{source}: cannot be unpacked ({error}); nothing imported from it")
        return []

    uploads = inner_archives(source)
    found = []
    for file in sorted(path for path in extracted.rglob("*") if path.is_file()):
        inside = file.relative_to(extracted)
        if source.is_dir():
            shown_as = str(source / inside)
        elif source.suffix == ".ipynb":
            shown_as = str(source)
        else:  # a zip: its content was unpacked into a folder named like the zip
            inside = Path(*inside.parts[1:])
            shown_as = f"{source}:{inside.as_posix()}"
        if inside.as_posix() in uploads.values():
            continue  # a zip inside the download: unpacked beside itself
        if any(part.startswith(".") or part == "__MACOSX" for part in inside.parts):
            result.ignored.append(shown_as)
        else:
            upload = next((path.split("/")[-1] for stem, path in uploads.items()
                           if inside.as_posix().startswith(stem + "/")), "")
            found.append(Handin(file=file, inside=inside.as_posix(), shown_as=shown_as, upload=upload))
    return found


def inner_archives(source):
    """{path inside `source` without the extension: the path} of the zips in `source`
    (a folder or a zip): each is unpacked into a folder of that path, beside itself."""
    extensions = tuple(ExtractorPlugin(log=QUIET_LOG).zip_ext)
    if source.is_dir():
        names = [p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file()]
    elif zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as archive:
            names = archive.namelist()
    else:
        names = []
    inner = {}
    for name in names:
        for extension in extensions:
            if name.lower().endswith(extension) and not name.endswith("/"):
                stem = name[: -len(extension)]
                stem = stem[:-4] if stem.lower().endswith(".tar") else stem
                inner[stem] = name
    return inner
