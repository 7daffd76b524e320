"""The community context's REST API (mounted under /api/v1/community/)."""
