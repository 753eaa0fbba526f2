"""How settings are named outside the code: the environment variables of each field."""

from __future__ import annotations

from pydantic import AliasChoices

from app.config import Settings


def accepted_env_names() -> dict[str, tuple[str, ...]]:
    """Settings field → the environment variables it is read from, derived the way
    pydantic-settings derives them (its aliases when it has some, else the prefix and the
    field name), so a renamed field or alias can't leave the docs behind unnoticed."""
    prefix = Settings.model_config.get("env_prefix") or ""
    names: dict[str, tuple[str, ...]] = {}
    for field, info in Settings.model_fields.items():
        alias = info.validation_alias
        if isinstance(alias, AliasChoices):
            names[field] = tuple(str(choice) for choice in alias.choices)
        elif isinstance(alias, str):
            names[field] = (alias,)
        else:
            names[field] = (f"{prefix}{field}".upper(),)
    return names


def env_names() -> dict[str, str]:
    """Settings field → the variable the docs name for it (the first accepted one)."""
    return {field: names[0] for field, names in accepted_env_names().items()}
