"""Every number a request carries is bounded: an absurd one gets a 422 with a reason, never a
500, and the reason never repeats what was sent."""

from __future__ import annotations

import httpx

from tests.web.test_api import LEAD, SEC


async def test_absurd_numbers_and_huge_texts_get_a_reason(api: httpx.AsyncClient) -> None:
    for url in (
        f"/api/outbox?offset={2**63}",
        f"/api/drafts?offset={10**27}",
        "/api/drafts?limit=0",
    ):
        r = await api.get(url, headers=SEC)
        assert r.status_code == 422, (url, r.text)
        assert set(r.json()) == {"detail"} and isinstance(r.json()["detail"], str)
    huge = "x" * 200_000
    r = await api.post(
        "/api/drafts",
        headers=LEAD,
        json={"title": huge, "document_type": "guidelines", "lead_state": "PL", "sections": []},
    )
    assert r.status_code == 422 and len(r.text) < 1_000 and "title" in r.json()["detail"]
