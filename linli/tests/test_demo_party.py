"""The demo district's party side after issue 14: every extended committee (大党委) has its
secretary and members; the joint meetings have follow-ups done, open and one overdue each;
about eight in ten 两新 organisations are covered, some reviewed with their three lists; and
each partner-unit volunteer team comes from a partner unit of its own community."""

from __future__ import annotations

import pytest

from core import timeutil
from linli.demo import generate
from party.models import (
    BenchmarkReview,
    FollowUp,
    ItemStatus,
    JointBody,
    NewOrganisation,
    OrgLevel,
    PartnershipAgreement,
    PartyOrganisation,
)
from volunteering.models import Team, TeamKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    return generate(scale=0.002, seed=7)


def test_the_demo_party_side_is_whole(demo):
    committees = PartyOrganisation.objects.filter(level=OrgLevel.EXTENDED_COMMITTEE)
    assert committees.exists()
    for committee in committees:
        assert committee.secretary is not None, committee
        assert committee.members.count() >= 2, committee

    today = timeutil.today()
    levels = set(JointBody.objects.values_list("area__level", flat=True))
    assert levels == {"district", "subdistrict", "community"}
    for body in JointBody.objects.all():
        follow_ups = FollowUp.objects.filter(meeting__body=body)
        assert follow_ups.filter(status=ItemStatus.DONE).exists()
        assert follow_ups.filter(status=ItemStatus.OPEN, deadline__gte=today).exists()
        assert follow_ups.filter(status=ItemStatus.OPEN, deadline__lt=today).count() == 1
        assert body.members.filter(tasks__isnull=False).exists()

    total = NewOrganisation.objects.count()
    covered = NewOrganisation.objects.exclude(coverage="none").count()
    assert total and 0.7 <= covered / total <= 0.9
    review = BenchmarkReview.objects.first()
    assert review is not None
    assert {i.list for i in review.items.all()} == {"problem", "correction", "responsibility"}

    for team in Team.objects.filter(kind=TeamKind.PARTNER_UNIT):
        assert PartnershipAgreement.objects.filter(
            unit=team.partner_unit, organisation__area=team.community
        ).exists(), team


def test_the_demo_department_handler_has_an_overdue_follow_up(demo):
    from party.joint.selectors import home_lines

    handler = demo.data["users"]["department_handler"]
    lines = {line.key: line.count for line in home_lines(handler)}
    assert lines["joint.follow_ups_overdue"] == 1
