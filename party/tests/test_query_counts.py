"""Party list pages and endpoints read in a fixed number of queries, however many rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from party.models import (
    CrossAppointment,
    PartnershipAgreement,
    PartnerUnit,
    PartyMember,
    PartyOrganisation,
)

pytestmark = pytest.mark.django_db

PAGES = [
    "/party/",
    "/party/org/{east_branch}/",
    "/party/org/{east}/",
    "/party/registrations/?community=330324001001",
    "/party/cross-appointments/",
    "/party/partners/",
    "/api/v1/party/organisations",
    "/api/v1/party/organisations/{east_branch}/members",
    "/api/v1/party/partners",
]


def grow(p, n):
    """n more members (in service, registered, cross-appointed), groups, units, agreements."""
    for i in range(n):
        member = PartyMember.objects.create(
            name=f"党员{i}",
            organisation=p.east_branch,
            in_service=True,
            workplace="县医院",
            home_community=p.world.east,
            registered_on=dt.date(2026, 1, 1),
        )
        CrossAppointment.objects.create(member=member, body="owners_committee", position="委员")
        PartyOrganisation.objects.create(
            name=f"小组{i}", level="group", area=p.world.east_grid, parent=p.east_branch
        )
        unit = PartnerUnit.objects.create(name=f"单位{i}", area=p.world.east)
        PartnershipAgreement.objects.create(
            unit=unit,
            organisation=p.east,
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2026, 12, 31),
            commitments="共建",
        )


def counts(client, p):
    out = {}
    for page in PAGES:
        url = page.format(east_branch=p.east_branch.pk, east=p.east.pk)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200, url
        out[page] = len(ctx.captured_queries)
    return out


def test_it_reads_party_pages_in_constant_queries(p, login):
    client = login(p.secretary)
    grow(p, 1)
    few = counts(client, p)
    grow(p, 8)
    assert counts(client, p) == few
