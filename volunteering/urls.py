from django.urls import path

from volunteering.views import (
    board,
    claims,
    events,
    in_service,
    lists,
    orders,
    reports,
    teams,
    wishes,
)

app_name = "volunteering"
urlpatterns = [
    path("", orders.index, name="index"),
    path("menu/", orders.menu, name="menu"),
    path("orders/mine/", orders.my_orders, name="my_orders"),
    path("orders/<int:pk>/", orders.order_detail, name="order"),
    path("orders/<int:pk>/<slug:event>/", orders.order_act, name="order_act"),
    path("open/", orders.open_orders, name="open"),
    path("hours/", orders.hours, name="hours"),
    path("wishes/", wishes.wall, name="wishes"),
    path("wishes/<int:pk>/", wishes.wish_detail, name="wish"),
    path("wishes/<int:pk>/<slug:event>/", wishes.wish_act, name="wish_act"),
    path("events/", events.events, name="events"),
    path("claims/", claims.index, name="claims"),
    path("claims/<int:pk>/", claims.detail, name="claim"),
    path("claims/<int:pk>/<slug:event>/", claims.act, name="claim_act"),
    path("claims/new/<slug:kind>/<int:pk>/", claims.claim, name="claim_new"),
    path("staff/", board.board, name="staff"),
    path("staff/events/", events.staff_events, name="staff_events"),
    path("staff/events/<int:pk>/", events.event_detail, name="event"),
    path("staff/events/<int:pk>/edit/", events.event_edit, name="event_edit"),
    path("staff/events/<int:pk>/cancel/", events.event_cancel, name="event_cancel"),
    path("staff/wishes/", wishes.staff_wishes, name="staff_wishes"),
    path("staff/lists/", lists.lists, name="lists"),
    path("staff/services/<int:pk>/toggle/", lists.service_toggle, name="service_toggle"),
    path("staff/projects/<int:pk>/", lists.project_detail, name="project"),
    path("staff/projects/<int:pk>/<slug:event>/", lists.project_act, name="project_act"),
    path("staff/teams/", teams.teams, name="teams"),
    path("staff/teams/<int:pk>/", teams.team_detail, name="team"),
    path("staff/in-service/", in_service.in_service, name="in_service"),
    path(
        "staff/in-service/export.<str:fmt>", in_service.in_service_export, name="in_service_export"
    ),
    path("staff/reports/", reports.reports, name="reports"),
]
