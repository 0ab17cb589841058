"""The late policy (coursekit.late.LatePenalty) and the deadline settings (coursekit.deadlines)."""
import datetime

import pytest

from coursekit.deadlines import DeadlineError, Deadlines
from coursekit.late import DAY, LatePenalty, describe_duration
from coursekit.timestamps import read_timestamp, write_timestamp

HOUR = 3600


def test_policy_none_never_costs_points():
    """The default: late hand-ins are only reported."""
    policy = LatePenalty()
    assert policy.method == "none"
    assert policy.penalty(30 * DAY, 7, 7) == 0


def test_per_day_takes_a_share_of_the_maximum_for_every_started_day():
    """10% of 16 points per day or part of a day: 1 minute late costs a day, 25 hours two."""
    policy = LatePenalty(method="per_day", per_day=0.1, max_penalty=1.0)
    assert policy.penalty(60, 12, 16) == pytest.approx(1.6)
    assert policy.penalty(DAY, 12, 16) == pytest.approx(1.6)
    assert policy.penalty(25 * HOUR, 12, 16) == pytest.approx(3.2)


def test_per_day_stops_at_its_cap_and_never_below_zero_points():
    """At most max_penalty of the maximum; never more than the raw score."""
    policy = LatePenalty(method="per_day", per_day=0.2, max_penalty=0.5)
    assert policy.penalty(10 * DAY, 16, 16) == pytest.approx(8)
    assert policy.penalty(10 * DAY, 3, 16) == pytest.approx(3)


def test_per_day_with_zero_after_days_gives_zero_beyond():
    policy = LatePenalty(method="per_day", per_day=0.1, max_penalty=0.5, zero_after_days=3)
    assert policy.penalty(2 * DAY, 10, 10) == pytest.approx(2)
    assert policy.penalty(3 * DAY + 1, 10, 10) == pytest.approx(10)


def test_zero_after_costs_nothing_before_and_everything_after():
    policy = LatePenalty(method="zero_after", zero_after_days=2)
    assert policy.penalty(2 * DAY, 9, 9) == 0
    assert policy.penalty(2 * DAY + 60, 9, 9) == 9


def test_grace_minutes_count_as_on_time():
    """Late by up to grace_minutes costs nothing; one second more costs a day's share."""
    policy = LatePenalty(method="per_day", per_day=0.1, grace_minutes=5)
    assert policy.penalty(5 * 60, 10, 10) == 0
    assert policy.penalty(5 * 60 + 1, 10, 10) == pytest.approx(1)
    assert policy.counted_seconds(5 * 60) == 0


def test_durations_in_words():
    assert describe_duration(3 * 60) == "3 minutes"
    assert describe_duration(DAY + 2 * HOUR + 5) == "1 day 2 hours"
    assert describe_duration(20) == "20 seconds"


def test_due_dates_are_read_in_the_course_time_zone_and_stored_in_utc():
    """23:59 in Amsterdam in October (summer time, UTC+2) is 21:59 UTC; an explicit offset wins."""
    deadlines = Deadlines(timezone="Europe/Amsterdam", due_dates={
        "ex1": "2026-10-05 23:59", "ex2": "2026-10-05T23:59:00+00:00"})
    assert deadlines.due_date("ex1") == datetime.datetime(2026, 10, 5, 21, 59)
    assert deadlines.due_date("ex2") == datetime.datetime(2026, 10, 5, 23, 59)
    assert deadlines.due_date("ex3") is None


def test_extensions_are_durations_or_new_due_dates():
    deadlines = Deadlines(timezone="UTC", due_dates={"ex1": "2026-10-05 23:59"}, extensions={
        "bob": {"ex1": "2 days"}, "carol": {"ex1": "36 hours"}, "dave": {"ex1": 1.5},
        "erin": {"ex1": "2026-10-06 11:59"}})
    assert deadlines.extension("bob", "ex1") == datetime.timedelta(days=2)
    assert deadlines.extension("carol", "ex1") == datetime.timedelta(hours=36)
    assert deadlines.extension("dave", "ex1") == datetime.timedelta(days=1.5)
    assert deadlines.extension("erin", "ex1") == datetime.timedelta(hours=12)
    assert deadlines.extension("alice", "ex1") is None


def test_settings_that_cannot_be_read_are_named():
    with pytest.raises(DeadlineError, match=r"due_dates\['ex1'\] = 'next friday-ish' is not a date"):
        Deadlines(due_dates={"ex1": "next friday-ish"}).check(["ex1"])
    with pytest.raises(DeadlineError, match="'ex9', which is not an exercise"):
        Deadlines(due_dates={"ex9": "2026-10-05 23:59"}).check(["ex1"])
    with pytest.raises(DeadlineError, match="not a time zone"):
        Deadlines(timezone="Mars/Olympus", due_dates={"ex1": "2026-10-05 23:59"}).check(["ex1"])
    with pytest.raises(DeadlineError, match="neither a duration"):
        Deadlines(due_dates={"ex1": "2026-10-05"}, extensions={"bob": {"ex1": "a while"}}).check(["ex1"])


def test_a_timestamp_written_by_the_kit_reads_back(tmp_path):
    moment = datetime.datetime(2026, 10, 5, 22, 3, 0, 120000)
    write_timestamp(tmp_path, moment)
    assert (tmp_path / "timestamp.txt").read_text().startswith("2026-10-05 22:03:00.120000 UTC")
    assert read_timestamp(tmp_path) == (moment, None)


def test_an_unreadable_timestamp_is_a_problem_not_an_error(tmp_path):
    (tmp_path / "timestamp.txt").write_text("handed in on time, honest\n")
    moment, problem = read_timestamp(tmp_path)
    assert moment is None
    assert problem.text() == ("the time of the hand-in cannot be read (timestamp.txt says "
                              "'handed in on time, honest'); graded as on time")


def test_no_or_an_empty_timestamp_means_no_time(tmp_path):
    assert read_timestamp(tmp_path) == (None, None)
    (tmp_path / "timestamp.txt").write_text("\n")
    assert read_timestamp(tmp_path) == (None, None)
