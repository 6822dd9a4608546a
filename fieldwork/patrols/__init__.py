"""Patrols (巡查): their reads, pages and API; the models are `fieldwork.models.patrols`."""
