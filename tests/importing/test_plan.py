"""The import's plan: kept on disk, in the order the importer takes files, each meeting in one worker's part."""

import os

from speeches.importing.plan import Plan
from speeches.importing.planning import Planner
from speeches.importing.report import ImportReport
from speeches.parsing.sources import iter_collections
from speeches.parsing.speech import Options

FILES = [
    "b/UNSC_2016_SPV.7704_spch002.txt",
    "a/UNSC_2016_SPV.7704_spch001.txt",
    "a/UNSC_2017_SPV.8000_spch003.txt",
    "UNSC_2004_SPV.5100Resumption1_spch0021.txt",
    "c/d/UNSC_2017_SPV.8000_spch001.txt",
    "notes/letter.txt",
]
SPEAKERS = "filename\tspeech\tspeaker\tcountry\nletter.txt\t4\tMr. Churkin\tRussian Federation\n"


def plan_of(tmp_path, **options) -> Plan:
    folder = tmp_path / "corpus"
    for name in FILES:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("The President: I thank the Secretary-General.\n")
    (folder / "speaker.tsv").write_text(SPEAKERS)
    (folder / "README.md").write_text("not a speech")
    report = ImportReport(dry_run=True)
    plan = Plan(tmp_path, parts=2)
    planner = Planner(plan, options=Options(**options), report=report)
    for collection, (_, entries) in enumerate(iter_collections([folder])):
        planner.add_collection(collection, entries)
    plan.finish()
    assert (report.files_read, report.skipped) == (6, 1)
    return plan


def test_files_come_in_path_order_with_their_table_rows(tmp_path):
    plan = plan_of(tmp_path)
    jobs = list(plan.jobs())
    assert [job.entry.name.removeprefix(f"{tmp_path}/corpus/") for job in jobs] == sorted(FILES)
    assert [job.meeting_key for job in jobs] == [
        "S/PV.5100 (Resumption 1)",
        "S/PV.7704",
        "S/PV.8000",
        "S/PV.7704",
        "S/PV.8000",
        "",  # no corpus name, and its row names no meeting: the parse refuses it, saying so
    ]
    letter = jobs[-1]
    assert (letter.row.speaker, letter.row.country, letter.row.speech_number) == (
        "Mr. Churkin",
        "Russian Federation",
        4,
    )
    assert all(job.row is None for job in jobs[:-1])
    assert plan.members == []  # files on disk are named in the plan, not held


def test_each_meeting_is_in_one_part_and_every_job_in_some_part(tmp_path):
    plan = plan_of(tmp_path)
    parts = [list(plan.jobs(part)) for part in (0, 1)]
    assert sorted(job.filename for part in parts for job in part) == sorted(
        n.rpartition("/")[2] for n in FILES
    )
    meetings = [{job.meeting_key for job in part} for part in parts]
    assert meetings[0].isdisjoint(meetings[1])
    for part in parts:  # each part keeps the plan's order
        names = [job.entry.name for job in part]
        assert names == sorted(names)


def test_the_records_option_reads_every_file_as_a_record(tmp_path):
    plan = plan_of(tmp_path, records=True)
    assert all(job.record for job in plan.jobs())


def test_a_folder_is_listed_without_links_hidden_files_or_devices(tmp_path):
    folder = tmp_path / "corpus"
    (folder / "a" / "b").mkdir(parents=True)
    (folder / ".git").mkdir()
    for name in ("one.txt", "a/two.txt", "a/b/three.tsv", ".hidden.txt", ".git/config.txt"):
        (folder / name).write_text("x")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text("not the corpus's")
    (folder / "link.txt").symlink_to(tmp_path / "outside" / "secret.txt")
    (folder / "linked").symlink_to(tmp_path / "outside")
    os.mkfifo(folder / "a" / "pipe.txt")  # reading it would wait forever
    [(_, entries)] = iter_collections([folder])
    assert sorted((entry.inner, entry.name) for entry in entries) == [
        ("a/b/three.tsv", f"{folder}/a/b/three.tsv"),
        ("a/two.txt", f"{folder}/a/two.txt"),
        ("one.txt", f"{folder}/one.txt"),
    ]


def test_a_collection_s_tables_describe_its_own_files_only(tmp_path):
    folders = []
    for name, speaker in (("first", "Mr. Churkin"), ("second", "Ms. Power")):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "letter.txt").write_text("I thank the President.\n")
        (folder / "speaker.tsv").write_text(f"filename\tspeech\tspeaker\nletter.txt\t2\t{speaker}\n")
        folders.append(folder)
    (tmp_path / "third").mkdir()
    (tmp_path / "third" / "letter.txt").write_text("I thank the President.\n")  # no table
    folders.append(tmp_path / "third")
    plan = Plan(tmp_path, parts=2)
    planner = Planner(plan, options=Options(), report=ImportReport(dry_run=True))
    for collection, (_, entries) in enumerate(iter_collections(folders)):
        planner.add_collection(collection, entries)
    plan.finish()
    assert [(job.entry.name, job.row and job.row.speaker) for job in plan.jobs()] == [
        (f"{tmp_path}/first/letter.txt", "Mr. Churkin"),
        (f"{tmp_path}/second/letter.txt", "Ms. Power"),
        (f"{tmp_path}/third/letter.txt", None),
    ]
