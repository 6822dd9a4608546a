"""Star rating (星级管理): a yearly assessment of each party branch against criteria the office
defines (`Criterion`: items with points, the evidence asked for, and for some a measure that
scores them automatically), run through self-assessment → review by the level above →
publication (`workflow.ASSESSMENTS`), and the stars, one to five, from the total by the
thresholds the office sets (`StarScale`).

The models are the party app's (`party.models` imports them). An assessment copies the
criteria when it opens, so changing them never rewrites a year already assessed; a new year is
a new assessment. Automatic items ask `measures`, a registry higher apps add to (volunteering
registers members' service hours and micro-wishes fulfilled) without party importing them.
"""
