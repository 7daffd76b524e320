"""API endpoints of this context, mounted under /api/v1/."""

urlpatterns: list = []
