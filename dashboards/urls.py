from django.urls import path

from . import views, views_life

app_name = "dashboards"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("life/", views_life.life, name="life"),
    path("chart/<slug:key>/", views.chart, name="chart"),
    path("panel/<slug:key>/", views.panel, name="panel"),
]
