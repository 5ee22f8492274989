"""The URL × persona matrix: what every URL pattern must answer to every persona.

Each row names a GET profile and, for a write endpoint, a POST profile. A profile lists one
expected outcome per persona, in the order of PERSONAS. The objects in the URLs belong to
branch_a1 (town_a) unless the row says otherwise, so clerk_a and secretary_a1 act in their
own scope, clerk_b and secretary_b1 in the sibling scope, viewer_a read-only in its own.

Outcomes:
    200 403 404 405   the status code
    C                 200, and the page names none of town_a's records (a list, scoped)
    L                 a redirect to a login page (pages; the API answers 401)
    R                 another redirect (a form done, an admin page that sends you elsewhere)
    D                 any refusal: 401, 403, 404 or a login redirect (where the code may vary)
    ok                allowed: not requested (an empty POST proves nothing for those who may)

Only refusals are requested with POST: an empty form (or the few fields in POST_DATA, so
that the view reaches its authorization) must be refused with the status given.

Derived from the README (roles and scopes: outsiders 404, read-only 403; the system
administrator keeps accounts, roles and global reference data and sees no party data; the
auditor reads the audit log only), not from what the code happens to do. Where today's code
differs, the cell is listed in HOLES with the finding that fixes it.

A new URL pattern must get a row here: test_every_url_has_a_row fails until it does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PERSONAS = ["anonymous", "county_officer", "clerk_a", "clerk_b", "secretary_a1", "secretary_b1", "viewer_a",
            "sysadmin", "auditor", "nobody"]

PROFILES: dict[str, str] = {
    #                     anon  county clerk_a clerk_b sec_a1 sec_b1 viewer sysadm auditor nobody
    "public":            "200   200    200     200     200    200    200    200    200     200",
    "login_page":        "200   R      R       R       R      R      R      R      R       R",
    "any_user":          "L     200    200     200     200    200    200    200    200     200",
    "post_only":         "L     405    405     405     405    405    405    405    405     405",
    "api_post_only":     "401   405    405     405     405    405    405    405    405     405",
    # lists: every party role sees its own scope; outsiders an empty list or a refusal
    "list":              "L     200    200     C       200    C      200    C      C       C",
    "list_party":        "L     200    200     C       200    C      200    403    403     403",
    "list_party_404":    "L     200    200     C       200    C      200    404    404     404",
    "api_list":          "401   200    200     C       200    C      200    C      C       C",
    "api_list_party_404": "401  200    200     C       200    C      200    404    404     404",
    # forms that create in the user's own scope (no object yet)
    "create_form":       "L     200    200     C       200    C      403    403    403     403",
    "township_form":     "L     200    200     C       403    403    403    403    403     403",
    "township_list_form": "L    200    200     C       403    403    403    404    404     404",
    # one record of branch_a1
    "a1_read":           "L     200    200     404     200    404    200    404    404     404",
    "a1_form":           "L     200    200     404     200    404    403    404    404     404",
    "a1_form_redirect":  "L     R      R       404     R      404    403    404    404     404",
    "a1_write":          "L     ok     ok      404     ok     404    403    404    404     404",
    "a1_township_form":  "L     200    200     404     403    404    403    404    404     404",
    "a1_township_write": "L     ok     ok      404     403    404    403    404    404     404",
    "a1_county_write":   "L     ok     403     404     403    404    403    404    404     404",
    "api_a1_read":       "401   200    200     404     200    404    200    404    404     404",
    "api_a1_write":      "401   ok     ok      404     ok     404    403    404    404     404",
    "api_a1_township_write": "401 ok    ok      404     403    404    403    404    404     404",
    "api_a1_county_write": "401 ok     403     404     403    404    403    404    404     404",
    "town_a_read":       "L     200    200     404     404    404    200    404    404     404",
    "town_a_form":       "L     200    200     404     404    404    403    404    404     404",
    "import_job":        "L     403    200     404     403    404    403    404    404     404",
    "import_job_write":  "L     403    ok      404     403    404    403    404    404     404",
    # county records (sheets, rectification years): every party role of the county reads them
    "county_read":       "L     200    200     C       200    C      200    404    404     404",
    "api_county_read":   "401   200    200     C       200    C      200    404    404     404",
    "county_form":       "L     200    403     403     403    403    403    404    404     404",
    "county_write":      "L     ok     403     403     403    403    403    404    404     404",
    "county_only_form":  "L     200    404     404     404    404    404    404    404     404",
    # reference data: calendar (county and sysadmin), categories of the county, global dues rates
    "calendar":          "L     200    403     403     403    403    403    C      403     403",
    "calendar_write":    "L     ok     403     403     403    403    403    ok     403     403",
    "county_category":   "L     200    403     403     403    403    403    404    403     403",
    "county_category_write": "L   ok     403     403     403    403    403    404    403     403",
    "category_list":     "L     200    200     C       200    C      200    C      403     403",
    "category_form":     "L     200    403     403     403    403    403    C      403     403",
    "rates":             "L     200    200     C       200    C      200    C      403     403",
    "rates_form":        "L     403    403     403     403    403    403    C      403     403",
    "rates_locked":      "L     403    403     403     403    403    403    R      403     403",
    "rates_write":       "L     403    403     403     403    403    403    ok     403     403",
    # townships may add stricter rules for their own subtree (finding 4): an empty form reaches validation
    "requirements_write": "L    ok     ok      ok      403    403    403    404    404     404",
    "audit":             "L     200    200     C       403    403    403    403    C       403",
    "oversight":         "L     200    200     C       D      D      D      403    403     403",
    "api_schema":        "401   200    200     200     200    200    200    200    200     200",
    "api_docs":          "L     200    200     200     200    200    200    200    200     200",
    # the system administrator's site (/sysadmin/): accounts and roles only
    "sysadmin":          "L     L      L       L       L      L      L      200    L       L",
    "sysadmin_write":    "L     L      L       L       L      L      L      ok     L       L",
    "sysadmin_refused":  "L     L      L       L       L      L      L      403    L       L",
    "sysadmin_redirect": "L     L      L       L       L      L      L      R      L       L",
    "sysadmin_404":      "L     L      L       L       L      L      L      404    L       L",
    "sysadmin_login":    "200   200    200     200     200    200    200    R      200     200",
    "sysadmin_logout":   "R     R      R       R       R      R      R      405    R       R",
    "anyone_writes":     "L     ok     ok      ok      ok     ok     ok     ok     ok      ok",
}

# URL name (or pattern, when unnamed) → (GET profile, POST profile or None)
MATRIX: dict[str, tuple[str, str | None]] = {
    "core:health": ("public", None),
    "home:home": ("any_user", None),
    "workcalendar:index": ("calendar", None),
    "workcalendar:create": ("calendar", "calendar_write"),
    "workcalendar:edit": ("calendar", "calendar_write"),
    "workcalendar:delete": ("calendar", "calendar_write"),
    "workcalendar:import": ("calendar", "calendar_write"),
    "workcalendar:import_template": ("calendar", None),
    "accounts:login": ("login_page", None),
    "accounts:logout": ("public_405", None),
    "accounts:profile": ("any_user", None),
    # the 等保 login controls: each user's own account; resetting another's second factor is the sysadmin's
    "accounts:token_create": ("post_only", "anyone_writes"),
    "accounts:token_revoke": ("post_only", "own_write"),  # clerk_a's token
    "accounts:session_end": ("post_only", "own_write"),  # clerk_a's session
    "accounts:password_change": ("any_user", "anyone_writes"),
    "accounts:recovery_codes": ("post_only", "no_second_factor_yet"),
    "accounts:two_factor_setup": ("two_factor_setup", "anyone_writes"),
    "accounts:two_factor_verify": ("any_user_redirect", "anyone_writes"),  # nothing owed: sent on
    "accounts:two_factor_reset_list": ("sysadmin_page", None),
    "accounts:two_factor_reset": ("post_only", "sysadmin_page_write"),
    "organizations:tree": ("list", None),
    "organizations:list": ("list", None),
    "organizations:import": ("create_form", "create_form_write"),
    "organizations:import_template": ("create_form", None),
    "organizations:detail": ("a1_read", None),
    "organizations:children": ("town_a_read", None),
    "organizations:create": ("town_a_form", "town_a_write"),
    "organizations:edit": ("a1_form", "a1_write"),
    "organizations:move": ("a1_form", "a1_write"),
    "organizations:dissolve": ("a1_form", "a1_write"),
    "organizations:delete": ("post_only", "a1_write"),
    "organizations:history": ("a1_read", None),
    "members:roll": ("list_party", None),
    "members:detail": ("a1_read", None),
    "members:edit": ("a1_form", "a1_write"),
    "members:reveal": ("post_only", "a1_write"),
    "members:migrant": ("a1_form", "a1_write"),
    "members:transfer_start": ("a1_form", "a1_write"),
    "members:create": ("a1_form", "a1_write"),
    "members:transfers": ("list", None),
    "members:transfer_in": ("create_form", "create_form_write"),
    # the letter goes to branch_a2: its township confirms, not the sending branch's secretary
    "members:transfer_confirm": ("post_only", "a1_township_write"),
    "members:transfer_cancel": ("post_only", "a1_write"),
    "members:transfer_receipt": ("a1_form", "a1_write"),
    "members:import": ("create_form", "create_form_write"),
    "members:import_template": ("list", None),
    # an import job is its uploader's (clerk_a)
    "members:import_job": ("import_job", None),
    "members:import_confirm": ("post_only", "import_job_write"),
    "members:import_mapping": ("post_only", "import_job_write"),
    "audit:list": ("audit", None),
    "reminders:inbox": ("any_user", None),
    "reminders:read": ("post_only", "anyone_writes"),  # marks only the user's own reminders
    "reminders:read_all": ("post_only", "anyone_writes"),
    "reminders:oversight": ("oversight", None),
    "dashboards:overview": ("list_party", None),
    "dashboards:life": ("list_party", None),
    "dashboards:chart": ("list_party", None),
    "dashboards:panel": ("list_party", None),
    "dashboards:golive": ("township_form", None),
    "dashboards:golive_gaps": ("township_form", None),
    "rectification:index": ("list", None),
    "rectification:year_create": ("county_only_form", "county_only_write"),
    "rectification:year": ("county_read", None),
    "rectification:year_edit": ("county_form", "county_write"),
    "rectification:year_items": ("county_read", None),
    "rectification:year_draw": ("post_only", "county_write"),
    "rectification:year_confirm": ("post_only", "county_write"),
    "rectification:year_propose": ("township_list_form", "township_list_write"),
    "rectification:entry": ("a1_read", None),
    "rectification:entry_print": ("a1_read", None),
    "rectification:entry_export": ("a1_read", None),
    "rectification:entry_transition": ("post_only", "a1_write"),
    "rectification:problem_create": ("a1_form", "a1_write"),
    "rectification:leader_create": ("a1_form", "a1_write"),
    "rectification:problem_edit": ("a1_form", "a1_write"),
    "rectification:measure_create": ("a1_form", "a1_write"),
    "rectification:measure_edit": ("a1_form", "a1_write"),
    "rectification:progress_create": ("a1_form", "a1_write"),
    "rectification:measure_transition": ("post_only", "a1_write"),
    "rectification:leader_edit": ("a1_form", "a1_write"),
    "rectification:evidence": ("a1_read", None),
    "rectification:categories": ("category_list", None),
    "rectification:category_create": ("category_form", None),
    "rectification:categories_reorder": ("post_only", "category_reorder"),
    "rectification:category_edit": ("county_category", "county_category_write"),
    "rectification:category_active": ("post_only", "county_category_write"),
    "rectification:category_delete": ("county_category", "county_category_write"),
    "assessments:index": ("list", None),
    "assessments:gradings": ("list", None),
    "assessments:grading_confirm": ("post_only", "a1_county_write"),
    "assessments:org_history": ("a1_read", None),
    "assessments:grading_propose": ("a1_township_form", "a1_township_write"),
    "assessments:round_open": ("post_only", "a1_write"),
    "assessments:reviews": ("list", None),
    "assessments:review": ("a1_read", None),
    "assessments:evidence_file": ("a1_read", None),
    "assessments:review_score": ("post_only", "a1_write"),
    "assessments:review_public": ("post_only", "a1_write"),
    "assessments:review_evidence": ("post_only", "a1_write"),
    "assessments:sheets": ("list", None),
    "assessments:sheet_new": ("county_form", "county_write"),
    "assessments:sheet": ("county_read", None),
    "assessments:sheet_edit": ("county_form", "county_write"),
    "assessments:sheet_section_add": ("post_only", "county_write"),
    "assessments:sheet_item_add": ("post_only", "county_write"),
    "assessments:sheet_item_edit": ("post_only", "county_write"),
    "assessments:sheet_action": ("post_only", "county_write"),
    "assessments:rounds": ("list", None),
    "assessments:round": ("a1_read", None),
    "assessments:round_decide": ("post_only", "a1_write"),
    "assessments:rating": ("a1_read", "a1_write"),
    "assessments:rating_followup": ("post_only", "a1_write"),
    "committees:board": ("list", None),
    "committees:org": ("a1_read", None),
    "committees:elect": ("a1_form", "a1_write"),
    "committees:delay": ("a1_form", "a1_write"),
    "committees:delay_decide": ("post_only", "a1_township_write"),
    "committees:post_end": ("a1_form", "a1_write"),
    "committees:roster": ("list", None),
    "committees:shortfalls": ("list", None),
    "committees:first_secretary": ("a1_form", "a1_write"),
    "committees:reserve": ("a1_form", "a1_write"),
    # a secretary is reviewed and audited by the level above, never by himself (finding 5)
    "committees:review": ("a1_township_form", "a1_township_write"),
    "committees:audit": ("a1_township_form", "a1_township_write"),
    "committees:training": ("list", None),
    "committees:training_create": ("township_form", "township_write"),
    "committees:reviews": ("list", None),
    "committees:import_terms": ("create_form", "create_form_write"),
    "committees:import_terms_template": ("create_form", None),
    "committees:import_training": ("create_form", "create_form_write"),
    "committees:import_training_template": ("create_form", None),
    "committees:import_reserves": ("create_form", "create_form_write"),
    "committees:import_reserves_template": ("create_form", None),
    "development:board": ("list", None),
    "development:create": ("create_form", "create_form_write"),
    "development:detail": ("a1_read", None),
    "development:step": ("post_only", "a1_write"),
    "development:stop": ("post_only", "a1_write"),
    "development:plans": ("list", None),
    "development:import": ("create_form", "create_form_write"),
    "development:import_template": ("create_form", None),
    "development:plan_save": ("post_only", "a1_write"),
    "dues:overview": ("list_party_404", None),
    "dues:sheet": ("a1_read", None),
    "dues:sheet_record": ("post_only", "a1_write"),
    "dues:member": ("a1_read", "a1_write"),
    "dues:reverse": ("post_only", "a1_write"),
    "dues:arrears": ("list", None),
    "dues:rates": ("rates", None),
    "dues:rate_set_create": ("rates_form", "rates_write"),
    "dues:rate_set_edit": ("rates_locked", "rates_write"),
    "dues:rate_set_delete": ("rates_locked", "rates_write"),
    "dues:import_bases": ("create_form", "create_form_write"),
    "dues:import_bases_template": ("create_form", None),
    "dues:import_payments": ("create_form", "create_form_write"),
    "dues:import_payments_template": ("create_form", None),
    "meetings:list": ("list", None),
    "meetings:new": ("create_form", "create_form_write"),
    "meetings:import": ("create_form", "create_form_write"),
    "meetings:import_template": ("create_form", None),
    "meetings:detail": ("a1_read", None),
    "meetings:file": ("a1_read", None),
    "meetings:edit": ("a1_form_redirect", "a1_write"),  # a submitted record: edit sends writers to 更正
    "meetings:submit": ("post_only", "a1_write"),
    "meetings:correct": ("a1_form", "a1_write"),
    "meetings:delete": ("post_only", "a1_write"),
    "meetings:compliance": ("list_party_404", None),
    "meetings:branch": ("a1_read", None),
    "meetings:plan_new": ("a1_form", "a1_write"),
    "meetings:ledger": ("a1_read", None),
    "meetings:inactive": ("list_party_404", None),
    "meetings:leaders": ("list_party_404", None),
    "meetings:member_life": ("a1_read", None),
    "meetings:leave_new": ("a1_form_redirect", "a1_write"),  # GET goes back to the member's page
    "meetings:outside_new": ("a1_form_redirect", "a1_write"),
    "meetings:leader_set": ("a1_form_redirect", "a1_write"),
    "meetings:requirements": ("list_party_404", "requirements_write"),
    # the API
    "api-root": ("api_root", None),
    "api-token": ("public_405", None),
    "schema": ("api_schema", None),
    "swagger-ui": ("api_docs", None),
    "organization-list": ("api_list", None),
    "organization-detail": ("api_a1_read", None),
    "organization-dissolve": ("api_post_only", "api_a1_write"),
    "organization-move": ("api_post_only", "api_a1_write"),
    "rectification-list": ("api_list", None),
    "rectification-detail": ("api_a1_read", None),
    "rectification-items": ("api_a1_read", None),
    "rectification-transition": ("api_post_only", "api_a1_write"),
    "rectification-item-transition": ("api_post_only", "api_a1_write"),
    "rectification-year-list": ("api_list", None),
    "rectification-year-detail": ("api_county_read", None),
    "member-list": ("api_list", None),
    "member-detail": ("api_a1_read", None),
    "member-reveal": ("api_post_only", "api_a1_write"),
    "member-search": ("api_post_only", "api_anyone_writes"),
    "assessment-grading-list": ("api_list", None),
    "assessment-grading-detail": ("api_a1_read", None),
    "assessment-grading-confirm": ("api_post_only", "api_a1_county_write"),
    "assessment-sheet-list": ("api_list", None),
    "assessment-sheet-detail": ("api_county_read", None),
    "assessment-review-list": ("api_list", None),
    "assessment-review-detail": ("api_a1_read", None),
    "assessment-round-list": ("api_list", None),
    "assessment-round-detail": ("api_a1_read", None),
    "term-list": ("api_list", None),
    "term-detail": ("api_a1_read", None),
    "committee-post-list": ("api_list", None),
    "committee-post-detail": ("api_a1_read", None),
    "term-delay-list": ("api_list", None),
    "term-delay-detail": ("api_a1_read", None),
    "term-delay-decide": ("api_post_only", "api_a1_township_write"),
    "secretary-review-list": ("api_list", None),
    "secretary-review-detail": ("api_a1_read", None),
    "first-secretary-list": ("api_list", None),
    "first-secretary-detail": ("api_a1_read", None),
    "reserve-cadre-list": ("api_list", None),
    "reserve-cadre-detail": ("api_a1_read", None),
    "applicant-list": ("api_list", None),
    "applicant-detail": ("api_a1_read", None),
    "applicant-steps": ("api_a1_read", "api_a1_write"),
    "duespayment-list": ("api_list", None),
    "duespayment-detail": ("api_a1_read", None),
    "duespayment-reverse": ("api_post_only", "api_a1_write"),
    "duesbase-list": ("api_list", None),
    "duesbase-detail": ("api_a1_read", None),
    "duesrate-list": ("api_list", None),
    "duesrate-detail": ("api_list", None),  # the global rate table: every user reads it
    "meeting-list": ("api_list", None),
    "meeting-detail": ("api_a1_read", None),
    "meeting-correct": ("api_post_only", "api_a1_write"),
    "meeting-submit": ("api_post_only", "api_a1_write"),
    "compliance-list": ("api_list", None),
    # /sysadmin/: the system administrator's accounts and roles (and a view of the tree to grant roles on)
    "admin:index": ("sysadmin", None),
    "admin:login": ("sysadmin_login", None),
    "admin:logout": ("sysadmin_logout", None),
    "admin:password_change": ("sysadmin", "sysadmin_write"),
    "admin:password_change_done": ("sysadmin", None),
    "admin:autocomplete": ("sysadmin_refused", None),  # without a field to complete
    "admin:jsi18n": ("sysadmin", None),
    "admin:view_on_site": ("sysadmin_404", None),  # users have no page on the site
    "admin:app_list": ("sysadmin", None),
    "admin:auth_user_password_change": ("sysadmin", "sysadmin_write"),
    "sysadmin/(?P<url>.*)$": ("sysadmin_404", None),
}


def _admin_rows() -> None:
    """The admin's five pages of each registered model, and its bare object URL."""
    managed = {"accounts_user": "sysadmin", "accounts_roleassignment": "sysadmin"}
    models = ["auth/group", "axes/accessattempt", "axes/accesslog", "axes/accessfailurelog",
              "accounts/user", "accounts/roleassignment", "organizations/organization",
              "rectification/problemcategory"]
    for model in models:
        name = model.replace("/", "_")
        page = managed.get(name, "sysadmin_refused")
        for view in ("changelist", "add", "change", "delete", "history"):
            MATRIX[f"admin:{name}_{view}"] = (page, "sysadmin_write" if page == "sysadmin" and view != "changelist"
                                              and view != "history" else None)
        MATRIX[f"sysadmin/{model}/<path:object_id>/"] = ("sysadmin_redirect", None)
    # the tree is shown read-only, for granting roles on it (view permission only)
    for view in ("changelist", "change", "history"):
        MATRIX[f"admin:organizations_organization_{view}"] = ("sysadmin", None)


_admin_rows()

PROFILES.update({
    # offered to those who have none; mandatory roles in the test world already have one: sent on
    "two_factor_setup":  "L     R      200     200     200    200    200    R      R       200",
    "any_user_redirect": "L     R      R       R       R      R      R      R      R       R",
    "own_write":         "L     404    ok      404     404    404    404    404    404     404",
    "no_second_factor_yet": "L  ok     403     403     403    403    403    ok     ok      403",
    "sysadmin_page":     "L     403    403     403     403    403    403    200    403     403",
    "sysadmin_page_write": "L   403    403     403     403    403    403    ok     403     403",
    "api_anyone_writes": "401   ok     ok      ok      ok     ok     ok     ok     ok      ok",
    "public_405":        "405   405    405     405     405    405    405    405    405     405",
    "api_root":          "401   200    200     200     200    200    200    200    200     200",
    "create_form_write": "L     ok     ok      ok      ok     ok     403    403    403     403",
    "town_a_write":      "L     ok     ok      404     404    404    403    404    404     404",
    "township_write":    "L     ok     ok      ok      403    403    403    403    403     403",
    "township_list_write": "L   ok     ok      ok      403    403    403    404    404     404",
    "county_only_write": "L     ok     404     404     404    404    404    404    404     404",
    # reorder takes a list of ids: an empty one is refused as "not found" by the scoped lookup
    "category_reorder":  "L     ok     ok      ok      ok     ok     ok     ok     403     403",
})

# POST bodies that let a view reach its authorization (an empty form is refused earlier)
POST_DATA: dict[str, Callable[[Any], dict[str, Any]]] = {
    "member-reveal": lambda w: {"field": "id_number"},
    "term-delay-decide": lambda w: {"approve": False},
    "development:plan_save": lambda w: {"organization": w.world.branch_a1.pk, "year": w.year_number, "planned": 1},
    "assessments:review_public": lambda w: {"group": "members", "satisfied": 1},
}

# Cells where today's code answers otherwise, by (URL name, persona, method): the finding that
# fixes it, and whether the fix is in progress on another branch (xfail strict=False: flip to
# a plain expectation after the merge) or not yet anyone's (xfail strict=True).
IN_PROGRESS, OPEN = "in progress", "open"
HOLES: dict[tuple[str, str, str], tuple[str, str]] = {
}


def profile(name: str) -> list[str]:
    cells = PROFILES[name].split()
    assert len(cells) == len(PERSONAS), f"profile {name!r} has {len(cells)} cells for {len(PERSONAS)} personas"
    return cells


def expected(key: str, persona: str, method: str) -> str | None:
    """The expected outcome of one cell, or None when the row has no POST profile."""
    get, post = MATRIX[key]
    name = get if method == "get" else post
    if name is None:
        return None
    return profile(name)[PERSONAS.index(persona)]
