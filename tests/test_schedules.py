"""The landing-folder sensor and the daily schedule."""

import os

import dagster as dg

from orchestration.schedules import daily_schedule, landing_fingerprint, landing_folder_sensor


def test_fingerprint_changes_when_a_file_lands_and_survives_odd_names(tmp_path):
    before = landing_fingerprint(tmp_path)
    (tmp_path / "a.txt").write_text("Russia launched 5 drones.")
    odd = os.fsdecode(b"caf\xe9 report.txt")  # not valid UTF-8
    with open(os.path.join(os.fsencode(tmp_path), os.fsencode(odd)), "w") as handle:
        handle.write("text")
    after = landing_fingerprint(tmp_path)
    assert before != after
    assert landing_fingerprint(tmp_path) == after


def test_sensor_requests_a_run_only_when_something_landed(tmp_path, monkeypatch):
    monkeypatch.setenv("PEACEWATCH_LANDING", str(tmp_path))
    (tmp_path / "a.txt").write_text("Russia launched 5 drones.")
    context = dg.build_sensor_context()
    first = landing_folder_sensor(context)
    assert isinstance(first, dg.RunRequest)
    context = dg.build_sensor_context(cursor=landing_fingerprint(tmp_path))
    assert isinstance(landing_folder_sensor(context), dg.SkipReason)


def test_daily_schedule_targets_the_pipeline():
    assert daily_schedule.cron_schedule == "0 6 * * *"
    assert daily_schedule.job_name == "peacewatch_pipeline"
