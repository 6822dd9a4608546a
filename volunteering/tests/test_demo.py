from django.utils import timezone

from linli.demo import generate
from volunteering.models import Order, OrderEvent, OrderStatus, Volunteer
from volunteering.selectors import hours_of


def test_the_demo_volunteer_has_hours_and_orders_have_a_dated_history(db):
    generate(scale=0.002, seed=7)
    volunteer = Volunteer.objects.get(user__phone="13800000010")
    assert hours_of(volunteer) > 0
    assert volunteer.orders.filter(status=OrderStatus.IN_PROGRESS).exists()
    order = Order.objects.filter(status=OrderStatus.CONFIRMED).first()
    assert order is not None
    times = {e.event: e.at for e in OrderEvent.objects.filter(order=order)}
    assert times["request"] == order.created
    assert times["check_in"] == order.checked_in_at and times["confirm"] == order.confirmed_at
    assert times["request"] < times["publish"] < times["take"] < times["check_out"]


def test_the_demo_resident_attended_community_events_and_earned_points(db):
    from points.models import LedgerEntry
    from volunteering.models import Attendance, CommunityEvent

    generate(scale=0.002, seed=7)
    attended = Attendance.objects.filter(user__phone="13800000011")
    assert {"activity", "consultation", "patrol"} <= {a.event.kind for a in attended}
    credits = LedgerEntry.objects.filter(user__phone="13800000011", source="volunteering.event")
    assert credits.count() == attended.count()
    assert sum(a.points for a in attended) == sum(e.amount for e in credits) > 0
    for e in credits:  # the history names the event
        title = CommunityEvent.objects.get(pk=e.source_id).title
        assert e.subject == title and e.reason.endswith(title)
    upcoming = CommunityEvent.objects.filter(starts_at__gt=timezone.now())
    assert upcoming.filter(cancelled_at__isnull=True).exists()
    assert upcoming.filter(cancelled_at__isnull=False).exclude(cancel_reason="").exists()


def test_the_demo_has_claims_in_every_step_and_posts_on_the_grids(db):
    from party.models import ServicePost
    from volunteering.models import Claim, ClaimStatus, NeedStatus
    from volunteering.selectors import claims_to_rate

    generate(scale=0.002, seed=7)
    statuses = set(Claim.objects.values_list("status", flat=True))
    assert ClaimStatus.DELIVERED in statuses and ClaimStatus.RATED in statuses
    for claim in Claim.objects.filter(need__isnull=False).select_related("need"):
        held = NeedStatus.MET if claim.status == ClaimStatus.RATED else NeedStatus.CLAIMED
        assert claim.need.status == held
        assert [e.at for e in claim.events.all()] == sorted(e.at for e in claim.events.all())
    from accounts.models import User

    staff = User.objects.get(phone="13800000003")
    assert claims_to_rate(staff).exists()
    assert ServicePost.objects.filter(until__isnull=True).exists()


def test_the_demo_has_waiting_lists_lectures_on_the_5th_and_20th_and_no_shows(db):
    import datetime as dt

    from core.timeutil import local
    from volunteering.models import CommunityEvent, LectureSchedule, SignUp, SignUpStatus

    generate(scale=0.002, seed=7)
    assert SignUp.objects.filter(status=SignUpStatus.WAITING, event__starts_at__gt=timezone.now())
    mine = SignUp.objects.filter(user__phone="13800000011", event__starts_at__gt=timezone.now())
    assert mine.filter(status=SignUpStatus.HELD).exists()
    assert LectureSchedule.objects.filter(days=[5, 20]).exists()
    lectures = CommunityEvent.objects.filter(kind="party_lecture")
    assert {local(e.starts_at).day for e in lectures} == {5, 20}
    past = lectures.filter(ends_at__lt=timezone.now() - dt.timedelta(hours=2))
    assert SignUp.objects.filter(event__in=past, status=SignUpStatus.ATTENDED).exists()
    assert SignUp.objects.filter(event__in=past, status=SignUpStatus.NO_SHOW).exists()
    assert not SignUp.objects.filter(event__in=past, status=SignUpStatus.HELD).exists()
    assert all(len(e.checkin_code) == 6 for e in CommunityEvent.objects.all())


def test_the_demo_has_residents_posts_awaiting_review_and_the_residents_news(db):
    from accounts.models import User
    from volunteering.models import WishStatus
    from volunteering.selectors import my_posts, needs_to_review, wishes_to_review

    generate(scale=0.002, seed=7)
    staff = User.objects.get(phone="13800000003")
    assert wishes_to_review(staff).count() >= 2 and needs_to_review(staff).exists()
    resident = User.objects.get(phone="13800000011")
    news = dict((item.status, item) for _kind, item in my_posts(resident, news=True))
    assert news[WishStatus.OPEN].was_revised and news[WishStatus.DECLINED].review_note


def test_the_demo_holds_upcoming_events_at_venues_with_approved_bookings(db):
    from activities.models import Booking, BookingStatus
    from volunteering.models import CommunityEvent

    generate(scale=0.002, seed=7)
    held = CommunityEvent.objects.filter(room__isnull=False, starts_at__gt=timezone.now())
    assert held.count() >= 2
    for e in held.select_related("booking"):
        assert e.booking.status == BookingStatus.APPROVED and e.booking.room_id == e.room_id
        assert (e.booking.starts_at, e.booking.ends_at) == (e.starts_at, e.ends_at)
        overlapping = Booking.objects.filter(
            room=e.room_id,
            status=BookingStatus.APPROVED,
            starts_at__lt=e.ends_at,
            ends_at__gt=e.starts_at,
        )
        assert overlapping.count() == 1


def test_the_demo_has_a_finished_consultation_half_done_and_a_proposal_to_support(db):
    from core import timeutil
    from volunteering.consultation import selectors
    from volunteering.consultation.models import MeetingStatus, TopicStatus
    from volunteering.models import ConsultMeeting, Topic, TopicFollowUp

    data = generate(scale=0.002, seed=7).data
    users = data["users"]
    community = data["communities"][0]
    published = selectors.published_decisions([community.code])
    assert published.count() == 4
    assert ConsultMeeting.objects.filter(status=MeetingStatus.PUBLISHED, kind="hearing").exists()
    today = timeutil.today()
    follow_ups = TopicFollowUp.objects.filter(topic__in=published)
    assert follow_ups.filter(status="done").exists()
    assert follow_ups.filter(status__in=["open", "in_progress"], deadline__gte=today).exists()
    assert follow_ups.filter(status__in=["open", "in_progress"], deadline__lt=today).count() == 1
    resident = users["resident"]
    gathering = Topic.objects.get(status=TopicStatus.GATHERING)
    assert list(selectors.open_for_me(resident)) == [gathering]
    assert selectors.support_count(gathering) < gathering.threshold
    lift = Topic.objects.get(title="小区加装电梯")
    counted = selectors.tally(lift)
    assert counted.quorate and counted.carried
    assert set(lift.ballots.values_list("choice", flat=True)) == {""}
    staff = users["community_staff"]
    assert selectors.eligible_topics(staff).count() == 1
    assert selectors.follow_ups_overdue(staff).count() == 1
