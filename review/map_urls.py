"""The map of issues to mechanisms: its console pages, and the page where an organisation answers an accuracy check."""

urlpatterns = []
