"""How posebook answers the bad-input cases of tests/bad_input_cases.py, counted by class, for several versions side by side.

Classes (issue 17's): `error` (a posebook error naming the argument or file, what was expected and what was found),
`accepted` (a stated reason, and the result is right), `unclear` (a raw library exception, or a posebook error without
the expected words), `silent` (no error where one was due, or a wrong result).

    python benchmarks/bad_input_census.py benchmarks/results/bad_input_census.json 0303fff

compares the working tree with each git revision given (its `posebook/` is extracted to a temporary folder and
imported in a fresh process). A case that calls a function an older version lacks counts as `unclear` there."""
from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def census(package: Path) -> dict:
    "Run every case against the posebook package found under `package`; one row per case and the counts."
    sys.path.insert(0, str(package))
    sys.path.insert(1, str(ROOT / "tests"))
    import posebook
    from bad_input_cases import CASES, outcome
    assert Path(posebook.__file__).resolve().is_relative_to(package.resolve()), posebook.__file__
    rows = []
    for case in CASES:
        with tempfile.TemporaryDirectory() as folder:
            kind, detail = outcome(case, Path(folder))
        rows.append(dict(group=case.group, case=case.name, outcome=kind, detail=detail.replace(folder, "<tmp>")))
    return dict(counts=dict(collections.Counter(r["outcome"] for r in rows)), cases=rows)


def extracted(revision: str, into: Path) -> Path:
    "The `posebook/` folder of a git revision, extracted under `into`."
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "posebook"], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the JSON file to write")
    parser.add_argument("revisions", nargs="*", help="git revisions to compare with the working tree")
    parser.add_argument("--single", type=Path, help=argparse.SUPPRESS)      # internal: census of one package folder
    args = parser.parse_args()
    if args.single:
        args.out.write_text(json.dumps(census(args.single)))
        return
    versions = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label in ["working tree", *args.revisions]:
            package = ROOT if label == "working tree" else extracted(label, Path(tmp) / label.replace("/", "_"))
            part = Path(tmp) / f"{len(versions)}.json"
            subprocess.run([sys.executable, __file__, str(part), "--single", str(package)], check=True, cwd=tmp)
            versions[label] = json.loads(part.read_text())
            print(f"{label}: {versions[label]['counts']}")
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    result = dict(command="python benchmarks/bad_input_census.py " + " ".join(map(str, [args.out, *args.revisions])),
                  head=head, cases=len(next(iter(versions.values()))["cases"]), versions=versions)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp_out = args.out.with_suffix(".tmp")
    tmp_out.write_text(json.dumps(result, indent=1) + "\n")
    tmp_out.replace(args.out)


if __name__ == "__main__":
    main()
