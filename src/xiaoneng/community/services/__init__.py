"""Use cases of the community context, one module per rule area."""
