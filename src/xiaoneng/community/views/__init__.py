"""Workbench and portal pages of the community context."""
