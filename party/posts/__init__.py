"""Member service posts (党员服务示范岗, 先锋岗, 党员哨点): a party member posted at a place of a
grid (a point, a building, or both, with a short description) with a duty, from one day,
until another or open-ended. Shown on the grid's page and map (through `areas.panels`) and
to the residents of the grid as a public service; a member's phone is never shown.

The models are the party app's (`party.models` imports them); `actions` the audited writes,
`selectors` the reads and home lines, `views` and `api` the pages and endpoints, `registers`
the import/export spec. Who may do what is in `party.permissions`.
"""
