"""One module per workflow: its input, updates, signals, queries and status."""
