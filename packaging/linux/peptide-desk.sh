#!/bin/sh
# Peptide Desk launcher. The app is a PyInstaller one-folder bundle in /opt/peptide-desk;
# it reads only its own files there and writes only to the user's data folder.
exec /opt/peptide-desk/peptide-desk "$@"
