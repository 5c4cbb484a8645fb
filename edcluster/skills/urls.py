from django.urls import path

from edcluster.skills import views

app_name = "skills"
urlpatterns = [
    path("", views.taxonomy, name="taxonomy"),
    path("extract/", views.extract, name="extract"),
    path("<int:skill_id>/", views.skill_detail, name="skill"),
    path("occupations/<int:occupation_id>/", views.occupation_detail, name="occupation"),
    path("<int:concept_id>/aliases/", views.alias_add, {"kind": "skill"}, name="skill_alias_add"),
    path(
        "occupations/<int:concept_id>/aliases/",
        views.alias_add,
        {"kind": "occupation"},
        name="occupation_alias_add",
    ),
    path("aliases/<int:alias_id>/", views.alias_edit, name="alias_edit"),
    path("aliases/<int:alias_id>/delete/", views.alias_delete, name="alias_delete"),
]
