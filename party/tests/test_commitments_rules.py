"""Who sees a commitment (those it serves, the member, the party staff and offices; not a
resident of another area), who rates it and when (a resident of the area, once, after it is
closed or past its deadline in Asia/Shanghai), and the figures per organisation and year."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from accounts.roles import Role
from core.models import AuditEntry
from core.refusal import Conflict, Forbidden, Invalid, NotFound
from party import permissions
from party.commitments import actions, selectors
from party.commitments.models import CommitmentRating
from party.tests.commitments import make, member_user, resident_user
from party.tests.life import at, branch_secretary

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(at("2026-03-20T10:00"), tick=False):
        yield


def sees(user, c):
    listed = permissions.commitments_visible_to(user).filter(pk=c.pk).exists()
    assert listed == permissions.can_view_commitment(user, c)
    return listed


def test_it_shows_a_commitment_to_those_it_serves_and_the_party_staff(p):
    member = member_user(p)
    c = make(p)  # serves the east grid
    west_resident = resident_user(p.world.west_households[0], "13600000002")
    neighbour = resident_user(p.world.east_households[1], "13600000003")
    assert sees(member, c)
    assert sees(p.world.users["resident"], c)  # lives in the east grid
    assert sees(neighbour, c)
    assert sees(branch_secretary(p), c)
    assert sees(p.world.users["community_staff"], c)
    assert sees(p.world.users["subdistrict_staff"], c)
    assert not sees(west_resident, c)
    assert not sees(p.world.users["outsider"], c)  # a west grid worker
    assert not sees(p.world.user(Role.PARTY_SECRETARY, p.world.west), c)


def test_it_shows_a_community_wide_commitment_to_every_grid_of_it(p):
    member_user(p)
    c = make(p, member=None, area=p.world.east, organisation=p.east, actor=p.secretary)
    assert sees(p.world.users["resident"], c)
    assert not sees(resident_user(p.world.west_households[0], "13600000002"), c)


def test_it_lets_a_resident_of_the_area_rate_a_closed_commitment_once(p):
    member = member_user(p)
    resident = p.world.users["resident"]
    c = make(p)
    with pytest.raises(Conflict):  # open, deadline ahead
        actions.do_rate_commitment(c, stars=5, actor=resident)
    actions.do_fulfil_commitment(c, actor=member)
    rating = actions.do_rate_commitment(c, stars=4, comment="很贴心", actor=resident)
    assert (rating.stars, rating.resident) == (4, resident.resident)
    with pytest.raises(Conflict):
        actions.do_rate_commitment(c, stars=1, actor=resident)
    assert CommitmentRating.objects.get().stars == 4
    assert AuditEntry.objects.filter(action="party.commitment.rate").count() == 1


def test_it_refuses_raters_who_do_not_live_in_the_area(p):
    member = member_user(p)
    c = make(p)
    actions.do_fulfil_commitment(c, actor=member)
    with pytest.raises(NotFound):
        actions.do_rate_commitment(
            c, stars=5, actor=resident_user(p.world.west_households[0], "13600000002")
        )
    with pytest.raises(Forbidden):  # sees it, lives nowhere
        actions.do_rate_commitment(c, stars=5, actor=branch_secretary(p))
    member.resident = p.world.east_households[1].residents.first()
    member.save(update_fields=["resident"])
    with pytest.raises(Forbidden):  # lives there, but made it
        actions.do_rate_commitment(c, stars=5, actor=member)
    assert not CommitmentRating.objects.exists()


@pytest.mark.parametrize("stars", [0, 6, True])
def test_it_refuses_stars_out_of_range(p, stars):
    member = member_user(p)
    c = make(p)
    actions.do_fulfil_commitment(c, actor=member)
    with pytest.raises(Invalid):
        actions.do_rate_commitment(c, stars=stars, actor=p.world.users["resident"])
    assert not CommitmentRating.objects.exists()


def test_it_opens_rating_when_the_deadline_passes_in_shanghai(p):
    member_user(p)
    resident = p.world.users["resident"]
    with time_machine.travel(at("2026-12-31T23:50"), tick=False):  # 15:50 UTC
        c = make(p, deadline=D(2026, 12, 31))  # made on its deadline day: allowed
        assert c.year == 2026
        with pytest.raises(Invalid):  # the year after next
            make(p, deadline=D(2028, 1, 1))
        with pytest.raises(Conflict):  # the deadline is today
            actions.do_rate_commitment(c, stars=3, actor=resident)
        assert selectors.overdue([p.east_branch]).count() == 0
    with time_machine.travel(at("2027-01-01T00:10"), tick=False):  # 16:10 UTC, 31 December
        assert list(selectors.overdue([p.east_branch])) == [c]
        with pytest.raises(Invalid):
            make(p, deadline=D(2026, 12, 31))
        assert make(p, deadline=D(2028, 12, 31)).year == 2028
        actions.do_rate_commitment(c, stars=3, actor=resident)  # open but past its deadline
    assert CommitmentRating.objects.count() == 1


def test_it_gives_the_figures_per_organisation_and_year(p):
    member = member_user(p)
    secretary = branch_secretary(p)
    kept = [make(p, text=f"承诺{i}") for i in range(3)]
    for c in kept:
        actions.do_fulfil_commitment(c, actor=member)
    actions.do_fail_commitment(make(p, text="未兑现"), reason="资金未到位", actor=secretary)
    make(p, member=None, actor=secretary, text="支部承诺")  # open
    make(p, deadline=D(2027, 3, 1), text="明年的")
    make(
        p,
        organisation=p.west_branch,
        member=None,
        area=p.world.west_grid,
        actor=p.world.users["subdistrict_staff"],
    )
    fig = selectors.figures(p.east_branch, 2026)
    assert (fig.made, fig.fulfilled, fig.not_fulfilled, fig.open) == (5, 3, 1, 1)
    assert fig.share == pytest.approx(0.6) and fig.percent == 60
    assert selectors.figures(p.east_branch, 2027).made == 1
    empty = selectors.figures(p.east_group, 2026)
    assert (empty.made, empty.share, empty.percent) == (0, None, None)
    both = selectors.figures_of([p.east_branch, p.west_branch], 2026)
    assert (both[p.east_branch.pk].made, both[p.west_branch.pk].made) == (5, 1)
    # The star rating's automatic item reads the same figure (达成率, in %).
    from decimal import Decimal

    from party.stars import measures

    kept_share = measures.get(measures.COMMITMENTS).compute([p.east_branch, p.east_group], 2026)
    assert kept_share == {p.east_branch.pk: Decimal("60.00"), p.east_group.pk: Decimal(0)}


def test_it_gives_the_home_page_counts(p):
    member = member_user(p)
    make(p, deadline=D(2026, 4, 10))  # overdue by then
    make(p, deadline=D(2026, 5, 20))  # due within 30 days
    make(p, deadline=D(2026, 9, 30))  # not yet
    with time_machine.travel(at("2026-05-01T09:00"), tick=False):
        assert selectors.home(member) == {"commitments_due": 2}
        lines = selectors.home(branch_secretary(p), [p.east_branch])
        assert lines == {"commitments_overdue": 1}
        assert selectors.home(p.world.users["resident"]) == {"commitments_here": 3}


def test_it_counts_next_years_commitments_for_a_resident_in_december(p):
    member_user(p)
    with time_machine.travel(at("2026-12-20T10:00"), tick=False):
        make(p, deadline=D(2027, 1, 10))
        assert selectors.home(p.world.users["resident"]) == {"commitments_here": 1}
