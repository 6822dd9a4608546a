from django.urls import path

from party import views
from party.commitments import views as commitments
from party.joint import views as joint
from party.life import views as life
from party.neworgs import views as neworgs
from party.posts import views as posts
from party.stars import views as stars

app_name = "party"
urlpatterns = [
    path("", views.index, name="index"),
    path("org/<int:pk>/", views.organisation, name="organisation"),
    path("org/add/", views.add_working_committee, name="add_working_committee"),
    path("org/<int:pk>/add/", views.add_organisation, name="add_organisation"),
    path("org/<int:pk>/edit/", views.edit_organisation, name="edit_organisation"),
    path("members/<int:pk>/edit/", views.edit_member, name="edit_member"),
    path("org/<int:pk>/members/add/", views.add_member, name="add_member"),
    path("members/<int:pk>/cross/add/", views.add_cross_appointment, name="add_cross_appointment"),
    path("registrations/", views.registrations, name="registrations"),
    path("cross-appointments/", views.cross_appointments, name="cross_appointments"),
    path("partners/", views.partners, name="partners"),
    path("partners/add/", views.add_partner_unit, name="add_partner_unit"),
    path("partners/<int:pk>/agreements/add/", views.add_agreement, name="add_agreement"),
    path("partners/<int:pk>/edit/", views.edit_partner_unit, name="edit_partner_unit"),
    path("agreements/<int:pk>/edit/", views.edit_agreement, name="edit_agreement"),
    # Organisational life (三会一课)
    path("life/", life.due, name="life"),
    path("org/<int:pk>/life/", life.organisation, name="life_organisation"),
    path("org/<int:pk>/meetings/add/", life.record_meeting, name="record_meeting"),
    path("meetings/<int:pk>/", life.meeting, name="meeting"),
    path("meetings/<int:pk>/edit/", life.edit_meeting, name="edit_meeting"),
    # Star rating (星级管理)
    path("stars/", stars.index, name="stars"),
    path("stars/published/", stars.published, name="stars_published"),
    path("stars/<int:pk>/", stars.assessment, name="stars_assessment"),
    path("stars/<int:pk>/self/", stars.self_assess, name="stars_self"),
    path("stars/<int:pk>/review/", stars.review, name="stars_review"),
    path("stars/<int:pk>/<str:action>/", stars.step, name="stars_step"),
    path("org/<int:pk>/stars/open/", stars.open_assessment, name="stars_open"),
    # Commitments (承诺践诺)
    path("commitments/", commitments.index, name="commitments"),
    path("commitments/add/", commitments.make_own, name="make_commitment"),
    path("commitments/<int:pk>/", commitments.commitment, name="commitment"),
    path("commitments/<int:pk>/progress/", commitments.add_progress, name="commitment_progress"),
    path("commitments/<int:pk>/fulfil/", commitments.fulfil, name="fulfil_commitment"),
    path("commitments/<int:pk>/fail/", commitments.fail, name="fail_commitment"),
    path("commitments/<int:pk>/rate/", commitments.rate, name="rate_commitment"),
    path("org/<int:pk>/commitments/", commitments.organisation, name="org_commitments"),
    path(
        "org/<int:pk>/commitments/add/",
        commitments.make_for_organisation,
        name="make_org_commitment",
    ),
    # Member service posts (党员服务示范岗, 先锋岗, 哨点)
    path("posts/", posts.index, name="posts"),
    path("posts/<int:pk>/end/", posts.end, name="end_post"),
    path("org/<int:pk>/posts/add/", posts.add, name="add_post"),
    # Joint meetings (联席会议)
    path("joint/", joint.index, name="joint"),
    path("joint/add/", joint.add_body, name="add_joint_body"),
    path("joint/<int:pk>/", joint.body, name="joint_body"),
    path("joint/<int:pk>/members/add/", joint.add_member, name="add_joint_member"),
    path("joint/<int:pk>/meetings/add/", joint.record_meeting, name="record_joint_meeting"),
    path("joint/units/<int:pk>/tasks/add/", joint.add_task, name="add_joint_task"),
    path("joint/tasks/<int:pk>/<str:action>/", joint.move_task, name="joint_task_move"),
    path("joint/meetings/<int:pk>/", joint.meeting, name="joint_meeting"),
    path(
        "joint/meetings/<int:pk>/follow-ups/add/", joint.add_follow_up, name="add_joint_follow_up"
    ),
    path("joint/follow-ups/", joint.follow_ups, name="follow_ups"),
    path(
        "joint/follow-ups/<int:pk>/<str:action>/",
        joint.move_follow_up,
        name="joint_follow_up_move",
    ),
    # 两新 organisations: coverage, 对标检视, 双强红领
    path("neworgs/", neworgs.index, name="neworgs"),
    path("neworgs/add/", neworgs.add_organisation, name="add_neworg"),
    path("neworgs/<int:pk>/", neworgs.organisation, name="neworg"),
    path("neworgs/<int:pk>/reviews/add/", neworgs.add_review, name="add_review"),
    path(
        "neworgs/<int:pk>/certifications/add/", neworgs.add_certification, name="add_certification"
    ),
    path("neworgs/reviews/<int:pk>/", neworgs.review, name="review"),
    path("neworgs/reviews/<int:pk>/items/add/", neworgs.add_item, name="add_review_item"),
    path("neworgs/items/<int:pk>/<str:action>/", neworgs.move_item, name="review_item_move"),
    path("neworgs/items/", neworgs.items_due, name="review_items"),
    path(
        "neworgs/certifications/<int:pk>/review/",
        neworgs.review_certification,
        name="review_certification",
    ),
]
