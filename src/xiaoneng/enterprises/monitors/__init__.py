"""Efficiency monitors (效能监督员) and the media (issue 18 part 6): services, selectors, API and
workbench and portal pages."""
