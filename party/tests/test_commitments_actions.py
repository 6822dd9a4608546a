"""Commitments (承诺践诺): who makes, keeps and closes them and who may not, what is refused
(and then nothing is stored), the workflow's moves and history, and the audit entries."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from core.models import AuditEntry
from core.refusal import Conflict, Forbidden, Invalid, NotFound
from party.commitments import actions
from party.commitments.models import Commitment, CommitmentEvent, CommitmentStatus
from party.tests.commitments import make, member_user
from party.tests.life import at, branch_secretary

pytestmark = pytest.mark.django_db
D = dt.date
S = CommitmentStatus


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(at("2026-03-20T10:00"), tick=False):
        yield


def test_it_lets_a_member_make_their_own_commitment(p):
    user = member_user(p)
    c = make(p)
    assert (c.status, c.year, c.member, c.organisation) == (S.MADE, 2026, p.member, p.east_branch)
    assert c.made_by == user
    assert list(c.events.values_list("action", "after")) == [("make", "made")]
    entry = AuditEntry.objects.get(action="party.commitment.make")
    assert entry.actor == user and entry.area_code == p.world.east_grid.code


def test_it_lets_the_secretary_make_the_branchs_own_and_one_for_a_member(p):
    secretary = branch_secretary(p)
    own = make(p, member=None, actor=secretary)
    assert own.member is None and own.by == p.east_branch.name
    for_member = make(p, member=p.retired, actor=secretary)
    assert for_member.member == p.retired


@pytest.mark.parametrize("who", ["outsider", "resident", "west_secretary", "other_member"])
def test_it_refuses_those_who_neither_edit_the_organisation_nor_are_the_member(p, who):
    member_user(p)
    if who == "west_secretary":
        from accounts.roles import Role

        actor = p.world.user(Role.PARTY_SECRETARY, p.world.west, "13700000041")
    elif who == "other_member":
        from party.tests.commitments import resident_user

        actor = resident_user(p.world.east_households[1], "13600000009")
        p.retired.user = actor
        p.retired.save(update_fields=["user"])
    else:
        actor = p.world.users[who]
    with pytest.raises(NotFound):
        make(p, actor=actor)
    with pytest.raises(NotFound):
        make(p, member=None, actor=actor)
    assert not Commitment.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"text": "  "}, "text"),
        ({"text": "长" * 301}, "text"),
        ({"deadline": D(2026, 3, 19)}, "deadline"),
        ({"deadline": D(2028, 1, 1)}, "deadline"),
        ({"area": "west_grid"}, "area"),  # an area outside the branch's
        ({"member": "west_member"}, "member"),  # a member of another branch
    ],
)
def test_it_refuses_bad_input_and_stores_nothing(p, change, field):
    member_user(p)
    if "area" in change:
        change["area"] = p.world.west_grid
    if "member" in change:
        change["member"] = p.west_member
    with pytest.raises(Invalid) as refused:
        make(p, actor=branch_secretary(p), **change)
    assert refused.value.field == field
    assert not Commitment.objects.exists() and not AuditEntry.objects.exists()


def test_it_lets_an_in_service_member_serve_their_home_community(p):
    member_user(p)
    p.member.home_community = p.world.west
    p.member.save(update_fields=["home_community"])
    c = make(p, area=p.world.west_grid)
    assert c.area == p.world.west_grid


def test_it_moves_made_progress_fulfilled_with_the_history(p):
    user = member_user(p)
    c = make(p)
    actions.do_add_progress(c, note="已为3位老人理发", actor=user)
    c = actions.do_add_progress(c, note="又为2位老人理发", actor=user)
    assert c.status == S.IN_PROGRESS
    c = actions.do_fulfil_commitment(c, note="全年完成", actor=user)
    assert (c.status, c.closed_on) == (S.FULFILLED, D(2026, 3, 20))
    events = list(c.events.values_list("action", "before", "after", "note"))
    assert events == [
        ("make", "", "made", ""),
        ("progress", "made", "in_progress", "已为3位老人理发"),
        ("progress", "in_progress", "in_progress", "又为2位老人理发"),
        ("fulfil", "in_progress", "fulfilled", "全年完成"),
    ]
    assert AuditEntry.objects.filter(action="party.commitment.progress").count() == 2
    assert AuditEntry.objects.filter(action="party.commitment.fulfil").count() == 1
    with pytest.raises(Conflict):
        actions.do_add_progress(c, note="还在做", actor=user)
    with pytest.raises(Conflict):
        actions.do_fail_commitment(c, reason="没做完", actor=user)
    assert c.events.count() == 4


def test_it_closes_as_not_fulfilled_only_with_a_reason(p):
    member_user(p)
    secretary = branch_secretary(p)
    c = make(p)
    with pytest.raises(Invalid) as refused:
        actions.do_fail_commitment(c, reason=" ", actor=secretary)
    assert refused.value.field == "reason"
    c.refresh_from_db()
    assert c.status == S.MADE and c.events.count() == 1
    c = actions.do_fail_commitment(c, reason="理发师傅搬走了", actor=secretary)
    assert (c.status, c.reason) == (S.NOT_FULFILLED, "理发师傅搬走了")
    assert c.events.last().note == "理发师傅搬走了"


def test_it_refuses_an_empty_progress_note(p):
    user = member_user(p)
    c = make(p)
    with pytest.raises(Invalid):
        actions.do_add_progress(c, note="", actor=user)
    assert CommitmentEvent.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "outcome"),
    [
        ("member", None),
        ("secretary", None),
        ("community_staff", None),
        ("subdistrict_staff", None),
        ("resident", Forbidden),  # sees it (lives in the area), does not keep it
        ("outsider", NotFound),
    ],
)
def test_it_lets_only_the_member_and_the_organisations_editors_keep_it(p, who, outcome):
    member = member_user(p)
    c = make(p)
    actor = {"member": member, "secretary": branch_secretary(p)}.get(who) or p.world.users[who]
    if outcome is None:
        assert actions.do_add_progress(c, note="进展", actor=actor).status == S.IN_PROGRESS
    else:
        with pytest.raises(outcome):
            actions.do_add_progress(c, note="进展", actor=actor)
        with pytest.raises(outcome):
            actions.do_fulfil_commitment(c, actor=actor)
        c.refresh_from_db()
        assert c.status == S.MADE


def test_it_does_not_let_a_member_keep_the_organisations_own_commitment(p):
    member = member_user(p)
    member.resident = p.world.east_households[1].residents.first()
    member.save(update_fields=["resident"])
    own = make(p, member=None, actor=branch_secretary(p))
    with pytest.raises(Forbidden):
        actions.do_fulfil_commitment(own, actor=member)
