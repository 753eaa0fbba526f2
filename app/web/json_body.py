"""Reading a JSON request body for the note API: bounded in size and in nesting.

The size is counted while the body streams (a chunked body declares no length), and
the nesting is measured without recursion, so a hostile body is refused with a 4xx
before it costs memory or a stack.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import HTTPException, Request, status

from app.web.forms import NOTE_REQUEST_MAX_BYTES

# Refused before it is parsed: the note form's limit (room for a maximal note).
MAX_BODY_BYTES = NOTE_REQUEST_MAX_BYTES
# A note is a flat object with one list: anything nested deeper is not a note.
MAX_JSON_DEPTH = 8


def _depth(data: Any) -> int:
    """How deeply arrays and objects nest, counted without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


async def read_json(request: Request) -> Any:
    """The parsed body: 413 past MAX_BODY_BYTES, 415 for another media type, 400 for an
    empty body, invalid JSON or nesting deeper than MAX_JSON_DEPTH."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise HTTPException(
            status.HTTP_413_CONTENT_TOO_LARGE, f"request body over {MAX_BODY_BYTES} bytes"
        )
    content_type = request.headers.get("content-type", "application/json")
    if content_type.split(";")[0].strip().lower() != "application/json":
        raise HTTPException(
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, "send the note as application/json"
        )
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():  # counts bytes too when no length is declared
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise HTTPException(
                status.HTTP_413_CONTENT_TOO_LARGE, f"request body over {MAX_BODY_BYTES} bytes"
            )
        chunks.append(chunk)
    raw = b"".join(chunks)
    if not raw.strip():
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST, "request body is empty: expected a JSON object"
        )
    try:
        data = json.loads(raw)
    except RecursionError:
        data = None  # nested past the parser's limit: refused below like any deep body
        depth = MAX_JSON_DEPTH + 1
    except ValueError as exc:  # also: bad UTF-8, numbers over Python's 4,300 digits
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST, f"request body is not valid JSON: {str(exc)[:200]}"
        ) from None
    else:
        depth = _depth(data)
    if depth > MAX_JSON_DEPTH:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST,
            f"request body nests arrays or objects more than {MAX_JSON_DEPTH} levels deep",
        )
    return data
