"""Word documents: a document model (model.py), one builder per kind (kinds.py), one renderer
(render.py), tracked changes (redline.py) and reading Word files back: upload checks (upload.py),
the XML walk (walk.py) and the readers (reader.py)."""
