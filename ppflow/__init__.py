"""ppflow: event-driven document workflows for the Prague Process migration dialogue."""
