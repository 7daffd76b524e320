"""Reads of the evaluation context, scoped through core.access; one module per part."""
