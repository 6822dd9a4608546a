"""Commitments (承诺践诺): a member or an organisation publicly commits to something for the
year, for the residents of an area, by a deadline; progress notes, then fulfilled, or not
with the reason; residents of the area rate it once it is closed or its deadline has passed.
Figures per organisation and year: made, fulfilled (达成量) and the share fulfilled
(`selectors.figures`).

The models are the party app's (`party.models` imports them); `workflow` is the status table,
`actions` the audited writes, `views` and `api` the pages and endpoints. Who may do what is
in `party.permissions`.
"""
