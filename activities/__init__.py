"""All I/O of ppflow: the read model (records), Word files (documents), mail (notices)."""
