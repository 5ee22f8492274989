from django.urls import path

from . import views, views_secretaries

app_name = "committees"
urlpatterns = [
    path("", views.board, name="board"),
    path("org/<int:pk>/", views.org_committee, name="org"),
    path("org/<int:pk>/elect/", views.election_create, name="elect"),
    path("terms/<int:pk>/delay/", views.delay_create, name="delay"),
    path("delays/<int:pk>/decide/", views.delay_decide, name="delay_decide"),
    path("posts/<int:pk>/end/", views.post_end, name="post_end"),
    path("secretaries/", views_secretaries.roster, name="roster"),
    path("secretaries/shortfalls/", views_secretaries.shortfalls, name="shortfalls"),
    path("org/<int:pk>/first-secretary/", views_secretaries.first_secretary_create, name="first_secretary"),
    path("org/<int:pk>/reserves/", views_secretaries.reserve_create, name="reserve"),
    path("org/<int:pk>/review/", views_secretaries.review_create, name="review"),
    path("org/<int:pk>/audit/", views_secretaries.audit_create, name="audit"),
    path("training/", views_secretaries.training_list, name="training"),
    path("training/add/", views_secretaries.training_create, name="training_create"),
    path("reviews/", views_secretaries.review_list, name="reviews"),
]
