"""Screening campaigns (排查): their reads, pages, export and API; the models are
`fieldwork.models.campaigns`."""
