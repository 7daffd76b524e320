"""Workbench pages of the evaluation context (thin: parse → one service → render)."""
