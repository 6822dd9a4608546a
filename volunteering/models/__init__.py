"""Volunteer services: people and teams, the three lists, orders and micro-wishes."""

# Consultation (议事协商): its models live beside its code in volunteering/consultation.
from volunteering.consultation.models import (
    Ballot,
    ConsultMeeting,
    Speaker,
    Topic,
    TopicFollowUp,
    TopicSupport,
)
from volunteering.models.claims import Claim, ClaimEvent, ClaimRating, ClaimStatus
from volunteering.models.events import Attendance, CommunityEvent, EventKind, points_activity
from volunteering.models.lectures import LectureSchedule
from volunteering.models.lists import (
    ListCategory,
    Need,
    NeedStatus,
    Project,
    ProjectEvent,
    ProjectStatus,
    Resource,
    ResourceStatus,
    ServiceItem,
)
from volunteering.models.orders import Order, OrderEvent, OrderStatus
from volunteering.models.people import (
    Talent,
    TalentKind,
    Team,
    TeamKind,
    TeamMembership,
    Volunteer,
)
from volunteering.models.signups import SignUp, SignUpEvent, SignUpStatus
from volunteering.models.wishes import (
    UNREVIEWED,
    BeneficiaryKind,
    MicroWish,
    Privacy,
    WishEvent,
    WishStatus,
)

__all__ = [
    "UNREVIEWED",
    "Ballot",
    "ConsultMeeting",
    "Speaker",
    "Topic",
    "TopicFollowUp",
    "TopicSupport",
    "Claim",
    "ClaimEvent",
    "ClaimRating",
    "ClaimStatus",
    "Attendance",
    "CommunityEvent",
    "EventKind",
    "LectureSchedule",
    "SignUp",
    "SignUpEvent",
    "SignUpStatus",
    "points_activity",
    "BeneficiaryKind",
    "ListCategory",
    "MicroWish",
    "Need",
    "NeedStatus",
    "Order",
    "OrderEvent",
    "OrderStatus",
    "Privacy",
    "Project",
    "ProjectEvent",
    "ProjectStatus",
    "Resource",
    "ResourceStatus",
    "ServiceItem",
    "Talent",
    "TalentKind",
    "Team",
    "TeamKind",
    "TeamMembership",
    "Volunteer",
    "WishEvent",
    "WishStatus",
]
