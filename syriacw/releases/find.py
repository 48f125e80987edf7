"""Finding a release: the versions under a releases/ folder, the newest, one by version or path, and the folder
syriacw.load reads. Light on purpose: paths and names only."""
from __future__ import annotations

from pathlib import Path

from .. import paths  # paths.package_dataset looked up at each call, so one monkeypatch of it moves every lookup
from ..paths import NotARepository, check_version, find_root, version_key


def versions(releases_dir: Path) -> list[str]:
    if not releases_dir.is_dir():
        return []
    found = []
    for p in releases_dir.iterdir():
        if not p.is_dir() or p.name.startswith("."):
            continue
        try:
            found.append(check_version(p.name))
        except ValueError:
            continue
    return sorted(found, key=version_key)


def newest(releases_dir: Path) -> Path | None:
    found = versions(releases_dir)
    return releases_dir / found[-1] if found else None


def release_dir(version: str) -> Path:
    version = check_version(version)
    folder = paths.package_dataset() / "releases" / version
    if not folder.is_dir():
        known = ", ".join(versions(paths.package_dataset() / "releases")) or "none"
        raise LookupError(f"no release {version}; releases: {known}")
    return folder


def table_dir(version: str | None = None) -> Path:
    """Folder holding the tables: the given release, or the newest release, or the current build if none."""
    if version == "dev":
        return paths.package_dataset() / "tables"
    if version is None:
        found = newest(paths.package_dataset() / "releases")
        return found if found is not None else paths.package_dataset() / "tables"
    return release_dir(version)


def _is_version(text: str) -> bool:
    try:
        check_version(text)
        return True
    except ValueError:
        return False


def release_places(root: str | Path | None = None) -> list[Path]:
    """Where releases are looked up: <root>/dataset/releases (root: the given one, else the repository around the
    current folder, if any), then — unless a root was given — the installed package's dataset/releases."""
    if root is not None:
        return [find_root(root) / "dataset" / "releases"]
    places = []
    try:
        places.append(find_root() / "dataset" / "releases")
    except NotARepository:
        pass
    shipped = paths.package_dataset() / "releases"
    if shipped.resolve() not in [p.resolve() for p in places]:
        places.append(shipped)
    return places


def resolve(target: str | None = None, root: str | Path | None = None) -> Path:
    """A release folder from a VERSION (e.g. 1.0.0 or v1.0.0), a PATH to the folder, or None for the newest."""
    if target is not None and not _is_version(target):
        folder = Path(target)
        if not folder.is_dir():
            raise LookupError(f"{target}: neither a version (MAJOR.MINOR.PATCH) nor a release folder")
        return folder
    places = release_places(root)
    for place in places:
        if target is None:
            found = newest(place)
            if found is not None:
                return found
        elif (place / check_version(target)).is_dir():
            return place / check_version(target)
    known = sorted({v for place in places for v in versions(place)}, key=version_key)
    what = "no release yet" if target is None else f"no release {check_version(target)}"
    raise LookupError(f"{what} in {', '.join(map(str, places))}; releases: {', '.join(known) or 'none'}")

