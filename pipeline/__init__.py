"""trialsift: efficacy evidence from oncology clinical-trial papers, with provenance."""

__version__ = "0.1.0"
