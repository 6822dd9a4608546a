"""Sign-up in the API: a resident signs up, cancels, checks in with the code; who runs the
event reads the lists and counts the no-shows; party lecture schedules."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Status

from core.schemas import errors
from party.models import PartyOrganisation
from party.permissions import VIEW
from party.permissions import may as party_may
from volunteering import actions, permissions, selectors
from volunteering.api.common import not_found, router, user_of
from volunteering.api.schemas import (
    AttendanceOut,
    CodeIn,
    LectureScheduleIn,
    LectureScheduleOut,
    NoShowsOut,
    SignUpOut,
    SignUpRowOut,
)
from volunteering.models import CommunityEvent, LectureSchedule, SignUp


def _seen(request: HttpRequest, pk: int) -> CommunityEvent:
    event = permissions.events_visible_to(user_of(request)).filter(pk=pk).first()
    if event is None:
        raise not_found()
    return event


def _run(request: HttpRequest, pk: int) -> CommunityEvent:
    event = (
        CommunityEvent.objects.filter(permissions.runs_events_q(user_of(request)), pk=pk)
        .select_related("community")
        .first()
    )
    if event is None:
        raise not_found()
    return event


@router.post("/events/{pk}/signup", response={201: SignUpOut} | errors(403, 404, 409))
def sign_up(request: HttpRequest, pk: int) -> Status:
    """Sign up: a place while places last, else the waiting list (`waiting_position`).
    403: outside the event's area or group; 409: not open, closed, cancelled, or already."""
    return Status(201, actions.do_sign_up(_seen(request, pk), actor=user_of(request)))


@router.post("/events/{pk}/signup/cancel", response={200: SignUpOut} | errors(404, 409))
def cancel_sign_up(request: HttpRequest, pk: int) -> Status:
    """Give up one's place (it goes to the first waiting) or one's turn, before the start."""
    return Status(200, actions.do_cancel_sign_up(_seen(request, pk), actor=user_of(request)))


@router.get("/events/{pk}/signup", response={200: SignUpOut} | errors(404))
def my_sign_up(request: HttpRequest, pk: int) -> Status:
    """The reader's sign-up to the event (404 when none)."""
    signup = SignUp.objects.filter(event=_seen(request, pk), user=user_of(request)).first()
    if signup is None:
        raise not_found()
    return Status(200, signup)


@router.post("/events/{pk}/check-in", response={201: AttendanceOut} | errors(400, 403, 404, 409))
def check_in(request: HttpRequest, pk: int, data: CodeIn) -> Status:
    """Check in with the organiser's code; earns the kind's points once. 400: wrong code;
    409: too early, too late, waiting list, already checked in."""
    event = _seen(request, pk)
    return Status(201, actions.do_check_in_event(event, code=data.code, actor=user_of(request)))


@router.get("/events/{pk}/signups", response={200: list[SignUpRowOut]} | errors(404))
def list_sign_ups(request: HttpRequest, pk: int) -> Status:
    """Every sign-up in the order asked, with each resident's no-shows (who runs the event;
    phones masked)."""
    return Status(200, selectors.signup_rows(_run(request, pk)))


@router.post("/events/{pk}/no-shows", response={200: NoShowsOut} | errors(404, 409))
def mark_no_shows(request: HttpRequest, pk: int) -> Status:
    """Count the places held but not checked in as no-shows. 409: check-in still open."""
    marked = actions.do_mark_no_shows(_run(request, pk), actor=user_of(request))
    return Status(200, {"marked": marked})


@router.get("/lectures", response={200: list[LectureScheduleOut]} | errors())
def list_lecture_schedules(request: HttpRequest) -> list[LectureSchedule]:
    """Party lecture schedules of the user's community and of the areas they run."""
    qs = permissions.lectures_visible_to(user_of(request)).select_related("organisation")
    return list(qs.order_by("pk")[:200])


@router.post("/lectures", response={201: LectureScheduleOut} | errors(400, 403, 404))
def create_lecture_schedule(request: HttpRequest, data: LectureScheduleIn) -> Status:
    """The organisation's secretary (or an office above) sets a schedule, e.g. days [5, 20];
    its lectures over the coming weeks are generated at once as community events."""
    user = user_of(request)
    org = PartyOrganisation.objects.select_related("area").filter(pk=data.organisation_id).first()
    if org is None or not party_may(user, VIEW, org.area.code):
        raise not_found()
    fields = data.model_dump(exclude={"organisation_id"})
    return Status(201, actions.do_create_lecture_schedule(org, actor=user, **fields))
