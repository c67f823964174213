"Imported at start-up when this folder is on PYTHONPATH (make gpu-check): makes the packages the GPU machine lacks unimportable."
import sys

MISSING = ("anny", "warp", "papermill", "nbformat", "nbclient", "ipykernel", "plotly", "embreex", "fast_simplification")


class _Missing:
    "A meta-path finder that answers every import of a MISSING package with ModuleNotFoundError, as a bare machine would."
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in MISSING: raise ModuleNotFoundError(f"No module named {name!r} (blocked: the GPU machine lacks it)", name=name)
        return None


sys.meta_path.insert(0, _Missing())
