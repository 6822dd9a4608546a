from django.urls import path

from activities.views import bookings, circle, venues

app_name = "activities"
urlpatterns = [
    path("venues/", venues.index, name="venues"),
    path("venues/map/", venues.venue_map, name="map"),
    path("venues/<int:pk>/", venues.venue, name="venue"),
    path("venues/<int:pk>/photos/", venues.add_photo, name="add_photo"),
    path("venues/<int:pk>/book/", bookings.book, name="book"),
    path("circle/", circle.near, name="circle"),
    path("circle/coverage/", circle.coverage, name="circle_coverage"),
    path("bookings/", bookings.index, name="bookings"),
    path("bookings/<int:pk>/", bookings.booking, name="booking"),
    path("bookings/<int:pk>/<str:action>/", bookings.decide, name="decide"),
]
