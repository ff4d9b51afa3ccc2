"""Work items: PP TI pilot projects and their outputs (linked to drafts); missions' members."""

from __future__ import annotations
