"""Domain types, inputs/outputs, settings and the SQL read model of ppflow."""
