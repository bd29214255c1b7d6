"""The end-to-end registration benchmark's parts: load, CPU and commit accounting, report."""
