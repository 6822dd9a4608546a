"""The demo resident's home shows their grid's posted workers with published work phones
(定岗网格), never the workers' login phones."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from linli.demo import generate

pytestmark = pytest.mark.django_db


def test_the_demo_resident_sees_their_grid_workers_work_phones(client):
    with translation.override(settings.LANGUAGE_CODE):
        users = generate(scale=0.002, seed=7).data["users"]
    client.force_login(users["resident"])
    body = client.get(reverse("home")).content.decode()
    start = body.index('id="my-grid-workers"')
    card = body[start : body.index("</section>", start)]
    assert re.search(r'href="tel:177\d{8}"', card)
    assert not re.search(r"13[89]\d{8}", card)
