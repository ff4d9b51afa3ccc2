"""The web service: JSON API (and the reviewer's page) over the workflows and the read model."""
