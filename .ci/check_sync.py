"""Check that the notebooks are the source of truth: cleaned, exported, and covering every module.

Runs, in order: (0) `.ci/sync_index.py` must leave nbs/index.ipynb unchanged (it says what README.md says);
(1) `nbdev-clean` must leave every notebook unchanged; (2) `nbdev-export` must leave the package unchanged;
(3) every module in posebook/ must come from a notebook's `default_exp`.
The commands fix the files they complain about: review the changes and commit them.
"""
import hashlib, json, re, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NBS, LIB = ROOT / "nbs", ROOT / "posebook"
GENERATED = ("__init__.py", "_modidx.py")

def snapshot(paths):
    return {p.relative_to(ROOT): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths if p.is_file()}

def changed(before, after):
    return sorted(str(k) for k in set(before) | set(after) if before.get(k) != after.get(k))

def run_and_compare(cmd, files, what, fix):
    before = snapshot(files())
    subprocess.run(cmd, cwd=ROOT, check=True)
    diff = changed(before, snapshot(files()))
    if diff:
        print(f"FAIL: {' '.join(cmd)} changed {len(diff)} file(s): {what}:\n  " + "\n  ".join(diff) + f"\n{fix}")
        return False
    print(f"ok: {' '.join(cmd)} leaves {what} unchanged")
    return True

def notebooks(): return sorted(p for p in NBS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
def package(): return sorted(LIB.rglob("*.py")) + [ROOT / "pyproject.toml", NBS / "llms.txt"]

def exported_modules():
    mods = {}
    for nb in notebooks():
        for cell in json.loads(nb.read_text())["cells"]:
            m = re.search(r"^#\|\s*default_exp\s+(\S+)", "".join(cell["source"]), re.M)
            if m: mods[m.group(1)] = nb.name
    return mods

def orphans():
    mods = exported_modules()
    found = {".".join(p.relative_to(LIB).with_suffix("").parts) for p in LIB.rglob("*.py") if p.name not in GENERATED}
    bad = sorted(found - set(mods))
    if bad: print("FAIL: modules in posebook/ without a notebook (delete them or add the notebook):\n  " + "\n  ".join(bad))
    else: print(f"ok: all {len(found)} modules come from notebooks")
    return not bad

ok = run_and_compare([sys.executable, ".ci/sync_index.py"], lambda: [NBS / "index.ipynb"], "nbs/index.ipynb",
                     "Edit README.md, then run .ci/sync_index.py: the index notebook's text comes from the README.")
ok = run_and_compare(["nbdev-clean"], notebooks, "notebooks", "Commit the cleaned notebooks (or run nbdev-clean before committing).") and ok
ok = run_and_compare(["nbdev-export"], package, "the package", "Edit the notebooks, not posebook/; run nbdev-export and commit.") and ok
ok = orphans() and ok
sys.exit(0 if ok else 1)
