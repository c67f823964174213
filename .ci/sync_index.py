"""Rewrite nbs/index.ipynb's markdown from README.md, so that the notebook a reader opens first says what the README says.

The README is split at its `## ` headings: one markdown cell per section, in order, after the title cell. A cell
keeps its id and a leading `#| export` (which puts it into llms.txt) when its heading was there before; the code
cells at the end of the notebook stay. Links into the repository (`](figures/...`, `](docs/...`) get `../` since the
notebook sits in nbs/. `python .ci/sync_index.py` rewrites; `.ci/check_sync.py` runs it and fails on a change.
"""
import hashlib, json, re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README, INDEX = ROOT / "README.md", ROOT / "nbs" / "index.ipynb"
EXPORT = "#| export\n"

def sections(text: str) -> list[str]:
    "The README cut at `## ` headings (the first piece is the title and introduction)."
    return [s.strip("\n") for s in re.split(r"\n(?=## )", text)]

def from_nbs(text: str) -> str: return re.sub(r"\]\((figures|docs|data|benchmarks)/", r"](../\1/", text)

def heading(text: str) -> str: return text.removeprefix(EXPORT).split("\n", 1)[0]

def markdown_cell(text: str, old: dict | None) -> dict:
    prefix = EXPORT if old and "".join(old["source"]).startswith(EXPORT) else ""
    cid = old["id"] if old else hashlib.sha1(heading(text).encode()).hexdigest()[:8]
    return {"cell_type": "markdown", "id": cid, "metadata": {}, "source": (prefix + text).splitlines(keepends=True)}

def main() -> None:
    nb = json.loads(INDEX.read_text())
    old = {heading("".join(c["source"])): c for c in nb["cells"] if c["cell_type"] == "markdown"}
    title, *rest = sections(README.read_text())
    head, intro = title.split("\n\n", 2)[:2], title.split("\n\n", 2)[2:]      # "# posebook", "> tagline", the introduction
    cells = [markdown_cell("\n\n".join(head), old.get(heading(head[0])))]
    if intro: cells.append(markdown_cell(from_nbs(intro[0]), old.get(heading(intro[0]))))
    cells += [markdown_cell(from_nbs(s), old.get(heading(s))) for s in rest]
    tail = [c for c in nb["cells"] if c["cell_type"] != "markdown"]
    nb["cells"] = cells + tail
    INDEX.write_text(json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n")

if __name__ == "__main__":
    main()
