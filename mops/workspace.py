"""Find the workspace (the folder holding mops.yaml) and load its files, with a cache.

`mops.yaml` is searched upward from the current directory, or given by `--workspace` (a folder or
the file itself; also `MOPS_WORKSPACE`). Without one, bundled defaults apply.

Validated files are cached in the user's cache folder (never the workspace: a cache a clone brings
along could stand in for the file it claims to be) as JSON keyed by the file's SHA-256, so a lint
run on an unchanged workspace skips YAML parsing and re-validation of large files (a taxonomy with
hundreds of sources). A changed byte changes the key; a stale cache can never be read.

The validated model itself is also kept there, pickled, keyed by the file's bytes and the model
code: reading it builds no validator. Model classes defer building their validators until they
validate (`defer_build` in mops.models._base), so a run whose workspace files are all cached never
builds one: about a third of the start-up of `mops lint FILE` (benchmarks/startup.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from mops import __version__
from mops.errors import ConfigError
from mops.resources import bundled_path
from mops.sha import sha256

if TYPE_CHECKING:  # pydantic is imported where a model is validated, not for a run that reads the cache
    from pydantic import BaseModel

CONFIG_FILE = "mops.yaml"
M = TypeVar("M", bound="BaseModel")


def find_config(start: Path) -> Path | None:
    """The nearest mops.yaml in `start` or any of its parents."""
    current = start.resolve()
    for folder in (current, *current.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
    return None


def _explicit_config(given: Path) -> Path:
    if given.is_dir():
        candidate = given / CONFIG_FILE
        if not candidate.is_file():
            raise ConfigError(
                f"no {CONFIG_FILE} in this folder",
                path=str(given),
                hint=f"run `mops init {given}` to make a workspace there, or point --workspace at one",
            )
        return candidate
    if given.is_file():
        return given
    raise ConfigError("workspace not found", path=str(given), hint="--workspace takes a folder holding mops.yaml, or the file itself")


@dataclass
class Workspace:
    """A loaded workspace: its root folder (None when running on bundled defaults) and config."""

    root: Path | None
    config_path: Path | None
    config: Any  # WorkspaceConfig; typed loosely so importing this module stays cheap
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)
    # files read as plain values (mops.models.plain) when the cache holds them: for `mops lint`,
    # which reads fields only and so runs without importing pydantic
    plain: bool = False

    @property
    def is_default(self) -> bool:
        return self.root is None

    def path(self, relative: str) -> Path:
        """A workspace-relative path made absolute (relative to the cwd on bundled defaults)."""
        base = self.root if self.root is not None else Path.cwd()
        return (base / relative).resolve()

    def relative(self, path: Path) -> str:
        """How findings name a file: relative to the workspace root when inside it."""
        base = self.root if self.root is not None else Path.cwd()
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            return str(path)

    @property
    def state_dir(self) -> Path | None:
        return None if self.root is None else self.path(self.config.paths.state)

    def load(self, model: str, path: Path, *, schema: str) -> Any:
        """Load a YAML file of this workspace into `model` ("module:Class"), through the
        content-hash cache; a plain value of it (mops.models.plain) for a plain workspace."""
        return load_cached(model, path, schema=schema, cache_dir=self._cache_dir(), plain=self.plain)

    def _cache_dir(self) -> Path:
        return validated_cache_dir()

    def _workspace_or_bundled(self, setting: str, *bundled: str) -> Path:
        """The workspace's file for a `paths` setting; the bundled default when the workspace has
        none at the default place. A path set explicitly in mops.yaml must exist."""
        if self.root is not None:
            relative = getattr(self.config.paths, setting)
            candidate = self.path(relative)
            if candidate.exists():
                return candidate
            if setting in self.config.paths.model_fields_set:
                raise ConfigError(
                    f"paths.{setting} points at {relative}, which does not exist",
                    path=self.relative(self.config_path) if self.config_path else None,
                    field=f"paths.{setting}",
                    hint=f"create {relative}, fix the path, or remove the setting to use the bundled default",
                )
        return bundled_path(*bundled)

    def taxonomy(self) -> Any:
        """The workspace's UTM taxonomy, or the bundled GA4-aligned default."""
        if "taxonomy" not in self._cache:
            source = self._workspace_or_bundled("taxonomy", "taxonomy", "utm.yaml")
            self._cache["taxonomy"] = self.load("mops.models.taxonomy:Taxonomy", source, schema="taxonomy")
            self._cache["taxonomy_path"] = source
        return self._cache["taxonomy"]

    def brand_voice(self) -> Any:
        """The workspace's brand voice, or the bundled example."""
        if "voice" not in self._cache:
            source = self._workspace_or_bundled("brand_voice", "brand", "voice.yaml")
            self._cache["voice"] = self.load("mops.models.voice:BrandVoice", source, schema="voice")
        return self._cache["voice"]

    def check_inside(self, file: Path) -> None:
        """A file of the workspace's folders that resolves outside it (a symlink out) is a ConfigError:
        mops reads the workspace's own files, and a server built on it must not read others."""
        if self.root is not None and not file.resolve().is_relative_to(self.root.resolve()):
            raise ConfigError(
                "this file is a link to a file outside the workspace; mops reads only the workspace's own files",
                path=file.relative_to(self.root).as_posix() if file.is_relative_to(self.root) else str(file),
                hint="replace the link with the file itself, or remove it",
            )

    def plans(self) -> list[Any]:
        """Every plan under the plans folder, validated; a plan's file name must be its campaign id."""
        if "plans" not in self._cache:
            plans = []
            folder = self.path(self.config.paths.plans) if self.root is not None else None
            files = sorted(folder.glob("*.y*ml")) if folder is not None and folder.is_dir() else []
            if files:
                for file in files:
                    self.check_inside(file)
                    plan = self.load("mops.models.plan:Plan", file, schema="plan")
                    if plan.campaign != file.stem:
                        raise ConfigError(
                            f"plan for campaign {plan.campaign!r} is in a file named {file.name!r}",
                            path=self.relative(file),
                            field="campaign",
                            hint=f"rename the file to {plan.campaign}.yaml: one campaign, one id",
                        )
                    plans.append(plan)
            self._cache["plans"] = plans
        return self._cache["plans"]


def validated_cache_dir() -> Path:
    """Where validated files are cached: the user's own cache, keyed by content (sharing it between
    workspaces is safe; a file in the workspace, which any clone may bring, is never read as one)."""
    from mops.usercache import cache_dir

    return cache_dir() / "validated"


def load_cached(model: type[M] | str, path: Path, *, schema: str, cache_dir: Path | None, plain: bool = False) -> Any:
    """Validate `path` into `model` (the class, or its "module:Class" name), reusing a cached
    validation of identical bytes. With `plain`, a plain value of the model (mops.models.plain):
    read from the cache, it costs no import of pydantic or of the model."""
    from mops.paths import display_path

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError("file not found", path=display_path(path)) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", path=display_path(path)) from None
    digest = sha256(raw + f"\0{schema}\0{__version__}".encode()).hexdigest()[:32]
    name = model if isinstance(model, str) else f"{model.__module__}:{model.__qualname__}"
    plain_file = _plain_path(name, schema, digest) if plain and cache_dir is not None else None
    if plain_file is not None:
        from mops.models.plain import Plain

        found = _read_pickle(plain_file, Plain)
        if found is not None and found.model_name == name:
            return found
    result = _validated(_model_class(model), raw, path, schema, digest, cache_dir)
    if plain_file is None:
        return result
    from mops.models.plain import plain_of

    value = plain_of(result)
    _write_cache(plain_file, _pickle(value))
    return value


def _model_class(model: type[M] | str) -> type[M]:
    if not isinstance(model, str):
        return model
    import importlib

    module, _, name = model.partition(":")
    return getattr(importlib.import_module(module), name)


def _validated(model: type[M], raw: bytes, path: Path, schema: str, digest: str, cache_dir: Path | None) -> M:
    """The model of `raw`: from the pickle or JSON of an earlier validation, else validated now."""
    from pydantic import ValidationError

    from mops.paths import display_path

    cache_file = None
    pickled = _pickle_path(model, schema, digest) if cache_dir is not None else None
    if pickled is not None:
        found = _read_pickle(pickled, model)
        if found is not None:
            return found
    if cache_dir is not None:
        cache_file = cache_dir / f"{schema}-{digest}.json"
        try:
            result = model.model_validate_json(cache_file.read_bytes())
        except (OSError, ValidationError, ValueError):
            pass  # no cache yet, or one from an older model: validate from the YAML
        else:
            if pickled is not None:
                _write_cache(pickled, _pickle(result))
            return result
    from mops.yamlio import parse_yaml, validate_loaded

    # how errors name the file, worked out only here (resolving paths cost a one-file lint ~3 ms
    # when every workspace file was read this way, cache hits included)
    shown = display_path(path)
    loaded = parse_yaml(raw, path, display=shown)
    result = validate_loaded(model, loaded, schema=schema, display=shown)
    if cache_file is not None:
        # exclude_unset: the cached copy must say what the file said, not the defaults filled in,
        # so that "was this set explicitly?" (model_fields_set) reads the same from the cache
        _write_cache(cache_file, result.model_dump_json(exclude_unset=True).encode())
    if pickled is not None:
        _write_cache(pickled, _pickle(result))
    return result


def _models_fingerprint() -> str:
    """What changes when any model's code does (a pickle holds instances of those classes): read
    once per process, the code being the process's (a lint of a workspace with many plans asked
    for it once per file, a few ms)."""
    global _fingerprint
    if _fingerprint is None:
        import sys

        folder = Path(__file__).parent / "models"
        try:
            stamps = sorted(f"{e.name}:{e.stat().st_mtime_ns}:{e.stat().st_size}" for e in os.scandir(folder) if e.name.endswith(".py"))
        except OSError:
            return "?"
        _fingerprint = f"{sys.version}|{'|'.join(stamps)}"
    return _fingerprint


_fingerprint: str | None = None


def _plain_path(name: str, schema: str, digest: str) -> Path:
    """Where the plain value (mops.models.plain) of these bytes' model is kept, pickled: like the
    model's own pickle (see _pickle_path), without pydantic's version, which it holds nothing of."""
    from mops.usercache import cache_dir

    identity = f"{digest}|{name}|plain|{_models_fingerprint()}"
    return cache_dir() / "validated" / f"{schema}-{sha256(identity.encode()).hexdigest()[:32]}.plain.pickle"


def _pickle_path(model: type[BaseModel], schema: str, digest: str) -> Path | None:
    """Where the validated model of these bytes is kept, pickled: the user's cache only, never a
    folder of the workspace (a pickle runs code when read; the user's cache is the user's own)."""
    from mops.usercache import cache_dir

    import pydantic

    identity = f"{digest}|{model.__module__}.{model.__qualname__}|{pydantic.VERSION}|{_models_fingerprint()}"
    return cache_dir() / "validated" / f"{schema}-{sha256(identity.encode()).hexdigest()[:32]}.pickle"


def _read_pickle(path: Path, model: type) -> Any:
    try:  # the C unpickler itself: the pickle module around it is twice its import time, 2 ms of a one-file lint
        from _pickle import loads
    except ImportError:  # an interpreter without it
        from pickle import loads

    try:
        found = loads(path.read_bytes())
    except Exception:  # noqa: BLE001 - missing, truncated or from other code: validate instead
        return None
    return found if type(found) is model else None


def _pickle(result: Any) -> bytes:
    import pickle

    return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)


def _write_cache(cache_file: Path, data: bytes) -> None:
    from mops.fsutil import atomic_write_bytes

    try:
        atomic_write_bytes(cache_file, data)
    except OSError:
        pass  # a read-only workspace still works, just without the cache


def load_workspace(explicit: Path | None = None, start: Path | None = None, *, plain: bool = False) -> Workspace:
    """Find and load the workspace; bundled defaults when there is none. `plain`: its files are
    read as plain values when the cache holds them (see Workspace.plain)."""
    if explicit is None and os.environ.get("MOPS_WORKSPACE"):
        explicit = Path(os.environ["MOPS_WORKSPACE"])
    config_path = _explicit_config(explicit) if explicit is not None else find_config(start or Path.cwd())
    if config_path is None:
        from mops.models.config import WorkspaceConfig

        return Workspace(root=None, config_path=None, config=WorkspaceConfig(), plain=plain)
    root = config_path.parent.resolve()
    config = load_cached("mops.models.config:WorkspaceConfig", config_path, schema="config", cache_dir=validated_cache_dir(), plain=plain)
    return Workspace(root=root, config_path=config_path, config=config, plain=plain)
