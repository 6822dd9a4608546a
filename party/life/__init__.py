"""Organisational life (三会一课, 主题党日, 党课): the obligations per level of organisation
(`LifeRule`, a table staff edit in the admin), meeting records with their attendance, and
compliance per organisation and period (`selectors.compliance`: held, late, missing, due).

The models are the party app's (`party.models` imports them); `periods` cuts the calendar,
`actions` records and edits meetings (audited), `views` and `api` are the pages and endpoints.
"""
