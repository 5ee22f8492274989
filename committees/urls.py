from django.urls import path

from core.importing.resources import import_paths

from .importing import ReserveImport, TermImport, TrainingImport
from .views import secretaries, terms

app_name = "committees"
urlpatterns = [
    path("", terms.board, name="board"),
    path("org/<int:pk>/", terms.org_committee, name="org"),
    path("org/<int:pk>/elect/", terms.election_create, name="elect"),
    path("terms/<int:pk>/delay/", terms.delay_create, name="delay"),
    path("delays/<int:pk>/decide/", terms.delay_decide, name="delay_decide"),
    path("posts/<int:pk>/end/", terms.post_end, name="post_end"),
    path("secretaries/", secretaries.roster, name="roster"),
    path("secretaries/shortfalls/", secretaries.shortfalls, name="shortfalls"),
    path("org/<int:pk>/first-secretary/", secretaries.first_secretary_create, name="first_secretary"),
    path("org/<int:pk>/reserves/", secretaries.reserve_create, name="reserve"),
    path("org/<int:pk>/review/", secretaries.review_create, name="review"),
    path("org/<int:pk>/audit/", secretaries.audit_create, name="audit"),
    path("training/", secretaries.training_list, name="training"),
    path("training/add/", secretaries.training_create, name="training_create"),
    path("reviews/", secretaries.review_list, name="reviews"),
    *import_paths("import/terms/", "import_terms", TermImport()),
    *import_paths("import/training/", "import_training", TrainingImport()),
    *import_paths("import/reserves/", "import_reserves", ReserveImport()),
]
