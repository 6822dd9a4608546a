from django.urls import path

from points.views import resident, staff

app_name = "points"
urlpatterns = [
    path("", resident.mine, name="mine"),
    path("store/", resident.store, name="store"),
    path("items/<int:pk>/redeem/", resident.redeem, name="redeem"),
    path("redemptions/", resident.redemptions, name="redemptions"),
    path("redemptions/<int:pk>/", resident.redemption_detail, name="redemption"),
    path("redemptions/<int:pk>/cancel/", resident.cancel, name="cancel"),
    path("leaderboard/", resident.leaderboard, name="leaderboard"),
    path("manage/", staff.manage, name="manage"),
    path("manage/rules/", staff.rules, name="rules"),
    path("manage/rules/<int:pk>/", staff.rule_edit, name="rule_edit"),
    path("manage/rules/<int:pk>/deactivate/", staff.rule_deactivate, name="rule_deactivate"),
    path("manage/stores/", staff.stores, name="stores"),
    path("manage/stores/<int:pk>/", staff.store_manage, name="store_manage"),
    path("manage/items/<int:pk>/", staff.item_edit, name="item_edit"),
    path("manage/pickup/", staff.pickup, name="pickup"),
    path("manage/adjust/", staff.adjust, name="adjust"),
    path("manage/reports/", staff.reports, name="reports"),
]
