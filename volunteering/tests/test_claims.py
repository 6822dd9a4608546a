"""双向领办与评价: claiming a need or a project, the delivery, the community's and residents'
ratings; who may do each, and the refusals."""

from __future__ import annotations

import pytest

from core.audit import AuditEntry
from core.refusal import Conflict, Forbidden, Invalid, NotFound
from volunteering import actions, permissions, selectors
from volunteering.models import ClaimEvent, ClaimRating, ClaimStatus, NeedStatus
from volunteering.tests.claims import claimed, need, project, unit_worker

pytestmark = pytest.mark.django_db


def test_it_lets_an_in_service_member_claim_a_need_of_their_home_community(v) -> None:
    c = claimed(v)
    c.need.refresh_from_db()
    assert c.status == ClaimStatus.CLAIMED and c.need.status == NeedStatus.CLAIMED
    assert c.claimant == v.member.name and c.community == v.world.east
    assert ClaimEvent.objects.filter(claim=c, event="claim").count() == 1
    assert AuditEntry.objects.filter(action="volunteering.claim.claim").count() == 1


def test_it_lets_a_member_claim_for_the_partner_unit_they_work_at(v) -> None:
    worker = unit_worker(v)
    c = claimed(v, member=None, partner_unit=v.unit, actor=worker)
    assert c.partner_unit == v.unit and c.claimant == v.unit.name
    assert list(selectors.claims_to_deliver(worker)) == [c]


def test_it_refuses_a_unit_the_member_does_not_work_at(v) -> None:
    with pytest.raises(Forbidden):
        claimed(v, member=None, partner_unit=v.unit)  # v.member works at the hospital


def test_it_refuses_a_second_claim_of_the_same_need(v) -> None:
    c = claimed(v)
    worker = unit_worker(v)
    with pytest.raises(Conflict):
        actions.do_claim(need=c.need, partner_unit=v.unit, plan="我们也来", actor=worker)
    assert c.need.claims.count() == 1


def test_it_hides_the_need_from_an_outsider(v) -> None:
    n = need(v)
    with pytest.raises(NotFound):
        actions.do_claim(need=n, partner_unit=v.unit, plan="x", actor=v.world.users["outsider"])


def test_it_refuses_bad_claims(v) -> None:
    n = need(v)
    with pytest.raises(Invalid):
        actions.do_claim(need=n, member=v.member, plan="  ", actor=v.vol2_user)
    with pytest.raises(Invalid):
        actions.do_claim(need=n, plan="x", actor=v.vol2_user)  # no claimant
    with pytest.raises(Invalid):
        actions.do_claim(member=v.member, plan="x", actor=v.vol2_user)  # no item
    n.refresh_from_db()
    assert n.status == NeedStatus.OPEN and not n.claims.exists()


def test_it_lets_staff_record_a_claim_for_any_unit_serving_the_community(v) -> None:
    c = claimed(v, member=None, partner_unit=v.unit, actor=v.staff)
    assert c.partner_unit == v.unit and c.claimed_by == v.staff


def test_it_runs_a_claim_to_delivery_and_the_community_rating(v) -> None:
    c = claimed(v)
    with pytest.raises(Conflict):  # not delivered yet
        actions.do_rate_delivery(c, score=5, actor=v.staff)
    actions.do_report_delivery(c, report="换了三盏灯", actor=v.vol2_user)
    assert list(selectors.claims_to_rate(v.staff)) == [c]
    with pytest.raises(Forbidden):  # the claimant does not rate their own delivery
        actions.do_rate_delivery(c, score=5, actor=v.vol2_user)
    with pytest.raises(Invalid):
        actions.do_rate_delivery(c, score=6, actor=v.staff)
    actions.do_rate_delivery(c, score=4, comment="及时", actor=v.staff)
    c.refresh_from_db()
    c.need.refresh_from_db()
    assert (c.status, c.score, c.comment, c.rated_by) == (ClaimStatus.RATED, 4, "及时", v.staff)
    assert c.need.status == NeedStatus.MET
    assert not selectors.claims_to_rate(v.staff).exists()
    assert [e.event for e in c.events.all()] == ["claim", "deliver", "rate"]


def test_it_lets_only_the_claimant_report_the_delivery(v) -> None:
    c = claimed(v)
    with pytest.raises(Forbidden):  # sees it (lives there), did not claim it
        actions.do_report_delivery(c, report="x", actor=v.world.users["resident"])
    with pytest.raises(NotFound):
        actions.do_report_delivery(c, report="x", actor=unit_worker(v))
    with pytest.raises(Invalid):
        actions.do_report_delivery(c, report="", actor=v.vol2_user)


def test_it_sends_a_delivery_back_and_takes_it_again(v) -> None:
    c = claimed(v)
    actions.do_report_delivery(c, report="修了一盏", actor=v.vol2_user)
    actions.do_send_back_claim(c, note="还有两盏", actor=v.staff)
    c.refresh_from_db()
    assert c.status == ClaimStatus.CLAIMED
    actions.do_report_delivery(c, report="都修好了", actor=v.vol2_user)


def test_it_reopens_the_need_when_a_claim_is_withdrawn(v) -> None:
    c = claimed(v)
    actions.do_withdraw_claim(c, note="人手不够", actor=v.vol2_user)
    c.need.refresh_from_db()
    assert c.need.status == NeedStatus.OPEN
    again = actions.do_claim(need=c.need, partner_unit=v.unit, plan="我们来", actor=unit_worker(v))
    assert again.status == ClaimStatus.CLAIMED


def test_it_lets_a_resident_rate_a_delivery_once(v) -> None:
    c = claimed(v)
    resident = v.world.users["resident"]
    with pytest.raises(Conflict):  # not delivered
        actions.do_rate_claim_as_resident(c, stars=5, actor=resident)
    actions.do_report_delivery(c, report="修好了", actor=v.vol2_user)
    actions.do_rate_claim_as_resident(c, stars=5, comment="亮了", actor=resident)
    with pytest.raises(Conflict):
        actions.do_rate_claim_as_resident(c, stars=4, actor=resident)
    assert ClaimRating.objects.filter(claim=c).count() == 1
    with pytest.raises(NotFound):  # a grid worker of the west sees no claim of the east
        actions.do_rate_claim_as_resident(c, stars=1, actor=v.world.users["outsider"])


def test_it_claims_a_project_once(v) -> None:
    p = project(v)
    worker = unit_worker(v)
    c = actions.do_claim(project=p, partner_unit=v.unit, plan="负责配送", actor=worker)
    assert c.item == p and p not in selectors.claimable_projects(worker)
    with pytest.raises(Conflict):
        actions.do_claim(project=p, member=v.member, plan="我也来", actor=v.vol2_user)


def test_it_shows_claims_to_the_community_and_not_outside(v) -> None:
    c = claimed(v)
    assert permissions.can_view_claim(v.world.users["resident"], c)
    assert permissions.can_view_claim(v.staff, c)
    assert not permissions.can_view_claim(v.world.users["outsider"], c)
    assert not permissions.can_view_claim(v.west_vol_user, c)


def test_the_home_lines_count_what_the_lists_show(v, login) -> None:
    from core.home import lines_for

    c = claimed(v)
    lines = {line.key: line for line in lines_for(v.vol2_user)}
    assert lines["volunteering.claims_to_deliver"].count == 1
    page = login(v.vol2_user).get(lines["volunteering.claims_to_deliver"].url)
    assert page.status_code == 200 and f'data-claim="{c.pk}"' in page.content.decode()
    actions.do_report_delivery(c, report="修好了", actor=v.vol2_user)
    lines = {line.key: line for line in lines_for(v.staff)}
    assert lines["volunteering.claims_to_rate"].count == 1
    body = login(v.staff).get(lines["volunteering.claims_to_rate"].url).content.decode()
    assert body.count("data-claim=") == 1


def test_the_star_rating_counts_the_claims_a_branchs_members_delivered(v) -> None:
    from core.timeutil import local
    from volunteering.stars import claims_delivered

    c = claimed(v)
    actions.do_report_delivery(c, report="修好了", actor=v.vol2_user)
    actions.do_rate_delivery(c, score=5, actor=v.staff)
    org = v.member.organisation
    c.refresh_from_db()
    year = local(c.rated_at).year  # the year of the rating in Asia/Shanghai
    assert claims_delivered([org], year) == {org.pk: 1}
    assert claims_delivered([org], year - 1) == {org.pk: 0}


def test_a_residents_home_line_counts_the_deliveries_they_have_not_rated(v, login) -> None:
    from core.home import lines_for

    c = claimed(v)
    resident = v.world.users["resident"]
    assert "volunteering.claims_to_rate_as_resident" not in {
        line.key for line in lines_for(resident)
    }
    actions.do_report_delivery(c, report="修好了", actor=v.vol2_user)
    line = next(x for x in lines_for(resident) if x.key.endswith("to_rate_as_resident"))
    assert line.count == 1
    body = login(resident).get(line.url).content.decode()
    assert body.count("data-claim=") == 1
    actions.do_rate_claim_as_resident(c, stars=5, actor=resident)
    assert not selectors.claims_to_rate_as_resident(resident).exists()
