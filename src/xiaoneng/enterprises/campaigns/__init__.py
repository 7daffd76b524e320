"""Special campaigns (专项整治, issue 18 part 3): services, selectors, API and workbench pages."""
