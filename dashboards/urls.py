from django.urls import path

from .views import golive, life, overview

app_name = "dashboards"
urlpatterns = [
    path("", overview.overview, name="overview"),
    path("life/", life.life, name="life"),
    path("golive/", golive.golive, name="golive"),
    path("golive/gaps/", golive.gaps, name="golive_gaps"),
    path("chart/<slug:key>/", overview.chart, name="chart"),
    path("panel/<slug:key>/", overview.panel, name="panel"),
]
