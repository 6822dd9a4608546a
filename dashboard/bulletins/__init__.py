"""Bulletins (通报) and published results (成果晾晒).

A monthly bulletin of a subdistrict or community is generated from the case indicators
(`figures.generate`: the month's totals, the top and bottom grids, overdue cases by the unit
that holds them, the six months' trend) with wording drafted from those figures
(`wording.draft`); the office edits the wording, picks typical cases with a before/after photo
pair it confirms shows no person or plate, and publishes it (a page, a PDF, an XLSX). A
published bulletin is frozen: its figures are stored in it, and a correction is a new
version that supersedes it when published.

Published results are what residents read of the published bulletins of where they live: the
typical cases (what was reported and what was done, the photos chosen), satisfaction, the
party's commitments serving the area and the consultations' decisions (`sources`).

`models` (imported by `dashboard.models`), `workflow` (the status table), `actions` (the
audited writes), `selectors` (reads, home lines), `export` (PDF, XLSX), `views`, `api`. The
rules are in `dashboard.permissions` (its bulletins section).
"""
