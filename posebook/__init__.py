"""Notebook-first, reproducible research on 3D human pose: pose transfer, robust transfer, domain adaptation for lifting, pose priors, and pose-dataset generation.

## Layout

```
nbs/00-09   foundation   core, geometry, metrics, viz, render (cameras, depth, mesh and NeRF renders), body, mocap, datasets,
                         train (the one loop, the one sampler), gan (the GAN losses), experiment (the kit), registry
nbs/10-44   methods      transfer, attacks, lifting, adapt, priors, prior_eval, posegen
nbs/50-56   papers       one module per paper: labels, run grid, published numbers, claims (posebook.papers.*)
nbs/90      reproduce    the engine and its command: runs what the papers register, writes the report
nbs/train_*, eval_*      experiments: an imports cell, the parameters cell, `Experiment(...)`, then the experiment
```

Imports go one way: foundation <- methods <- papers <- reproduce, with the experiment notebooks on top (they use the
methods, the experiment kit and their paper's labels). A new paper adds a notebook to `nbs/5x` that registers its
tables; nothing in the engine changes. `docs/REFERENCE-CODE.md` records what the authors' public code does and the
decisions we take where it and the papers are silent or disagree."""

__version__ = "0.0.1"
