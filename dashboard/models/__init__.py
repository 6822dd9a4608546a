"""The dashboard's own data: each part's models module is imported here."""
