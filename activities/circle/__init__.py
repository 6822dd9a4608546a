"""The 15-minute service circle's pages and API (DESIGN.md: venues and activities). The
engine and the registry of kinds are `areas.nearby`; this package registers the venues as a
kind, answers where a community's services are run from (`service_centres`, for the charity
stores and service menus, which have no position of their own), and holds the selectors of
the pages and the API."""
