"""Research notes: validate, score on save, store, list, rescore (import: notes_import).

A thin shell around the pure sentiment scorer and overall computation. Every
write runs in one transaction that also stores the recomputed overall
sentiment and bumps the data version, so readers see a note and the summaries
that include it together. A write that fails validation stores nothing.

This module only re-exports the public names, so ``app.research.notes`` keeps
working; the code lives in modules with one job each:

- ``note_input``: ``NoteInput``, ``validate_note``, ``parse_published``, ``slugify``,
  the input limits and the errors (``NoteError`` and its subclasses).
- ``note_scoring``: the scorer per configuration (``scorer_for``), ``score_for_request``,
  ``apply_scores`` and the stored calls.
- ``note_store``: writes (``create_note``, ``update_note``, ``delete_note``,
  ``rescore_all``), ``write_session`` and the stored overall sentiment, audit rows.
- ``note_queries``: reads (``get_note``, ``list_notes``, ``get_overall``,
  ``note_history``) and the dictionaries pages and the API show.
"""

from __future__ import annotations

from app.research.note_input import (
    AUTHOR_MAX,
    BODY_MAX,
    FUTURE_TOLERANCE,
    PER_PAGE_MAX,
    PUBLISHED_MAX,
    PUBLISHED_MIN,
    SLUG_MAX,
    TICKERS_MAX,
    TITLE_MAX,
    ImportFailedError,
    NoteError,
    NoteInput,
    NoteNotFoundError,
    NoteValidationError,
    SlugConflictError,
    Source,
    is_slug,
    parse_published,
    slugify,
    validate_note,
)
from app.research.note_queries import (
    NotePage,
    author_name,
    display_names,
    excerpt,
    get_note,
    get_note_by_slug,
    get_overall,
    list_notes,
    note_detail,
    note_history,
    note_summary,
    summary_for_ticker,
)
from app.research.note_scoring import (
    apply_scores,
    explicit_tickers,
    needs_rescore,
    score_for_request,
    scorer_for,
    ticker_call,
)
from app.research.note_store import (
    RescoreResult,
    assign_input,
    create_note,
    delete_note,
    refresh_overall,
    rescore_all,
    update_note,
    write_session,
)

__all__ = [
    "AUTHOR_MAX",
    "BODY_MAX",
    "FUTURE_TOLERANCE",
    "PER_PAGE_MAX",
    "PUBLISHED_MAX",
    "PUBLISHED_MIN",
    "SLUG_MAX",
    "TICKERS_MAX",
    "TITLE_MAX",
    "ImportFailedError",
    "NoteError",
    "NoteInput",
    "NoteNotFoundError",
    "NotePage",
    "NoteValidationError",
    "RescoreResult",
    "SlugConflictError",
    "Source",
    "apply_scores",
    "assign_input",
    "author_name",
    "create_note",
    "delete_note",
    "display_names",
    "excerpt",
    "explicit_tickers",
    "get_note",
    "get_note_by_slug",
    "get_overall",
    "is_slug",
    "list_notes",
    "needs_rescore",
    "note_detail",
    "note_history",
    "note_summary",
    "parse_published",
    "refresh_overall",
    "rescore_all",
    "score_for_request",
    "scorer_for",
    "slugify",
    "summary_for_ticker",
    "ticker_call",
    "update_note",
    "validate_note",
    "write_session",
]
