from django.urls import path

from edcluster.partnerships import views

app_name = "partnerships"
urlpatterns = [
    path("", views.agreement_list, name="agreements"),
    path("new/", views.agreement_new, name="agreement_new"),
    path("<int:agreement_id>/", views.agreement_detail, name="agreement"),
    path("<int:agreement_id>/edit/", views.agreement_edit, name="agreement_edit"),
    path("<int:agreement_id>/agreement.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("<int:agreement_id>/iia.xml", views.agreement_iia, name="agreement_iia"),
    path("signatures/<int:signature_id>.pdf", views.signature_pdf, name="signature_pdf"),
    path("<int:agreement_id>/history/", views.agreement_history, name="history"),
    path("<int:agreement_id>/conditions/new/", views.condition_new, name="condition_new"),
    path("<int:agreement_id>/sign/", views.agreement_sign, name="sign"),
    path("<int:agreement_id>/record-signature/", views.signature_record, name="record_signature"),
    path("<int:agreement_id>/amend/", views.agreement_amend, name="amend"),
    path("<int:agreement_id>/terminate/", views.agreement_terminate, name="terminate"),
    path("conditions/<int:condition_id>/edit/", views.condition_edit, name="condition_edit"),
    path("conditions/<int:condition_id>/delete/", views.condition_delete, name="condition_delete"),
    path("conditions/<int:condition_id>/quota/", views.quota_set, name="quota"),
    path("map/", views.partner_map, name="map"),
    path("map/partner-countries.<str:format>", views.partner_map_export, name="map_export"),
    path("partners/", views.partner_list, name="partners"),
    path("partners/new/", views.partner_new, name="partner_new"),
    path("partners/<slug:slug>/", views.partner_detail, name="partner"),
    path("partners/<slug:slug>/edit/", views.partner_edit, name="partner_edit"),
    path("partners/<slug:slug>/units/", views.partner_unit_add, name="partner_unit"),
    path("partners/<slug:slug>/contacts/", views.partner_contact_add, name="partner_contact"),
    path("contacts/<int:contact_id>/remove/", views.contact_remove, name="contact_remove"),
]
