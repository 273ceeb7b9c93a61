"""Peptide Desk: an offline desktop reference on peptide therapies and insulin resistance."""

__version__ = "0.1.0"
APP_NAME = "Peptide Desk"
APP_ID = "peptide-desk"
