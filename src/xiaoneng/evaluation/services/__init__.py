"""Use cases of the evaluation context, one module per part; each function owns its transaction,
checks permission through core.access, writes the audit record and raises core.errors."""
