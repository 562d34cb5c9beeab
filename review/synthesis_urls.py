"""The syntheses: the console pages where the secretariat writes them and chooses their quotes."""

urlpatterns = []
