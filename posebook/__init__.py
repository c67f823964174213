"""Notebook-first, reproducible research on 3D human pose: pose transfer, robust transfer, domain adaptation for lifting, pose priors, and pose-dataset generation.

Modules:

- `posebook.priors`: GAN pose priors with normal, uniform and spherical latents (GAN-N / GAN-U / GAN-S), the VPoser, GMM and normalising-flow baselines, and the four applications of the paper: coverage, interpolation, fitting to 2D keypoints, image-to-mesh regression."""

__version__ = "0.0.1"
