from django.urls import path

from .views import inbox, oversight

app_name = "reminders"
urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("<int:pk>/read/", inbox.read, name="read"),
    path("read-all/", inbox.read_all, name="read_all"),
    path("oversight/", oversight.oversight, name="oversight"),
]
