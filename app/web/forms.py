"""What each HTML form posts, as models: handlers take ``Annotated[XForm, Form()]``.

The models are lenient on purpose. Every field is text, an absent field is empty, a
file sent where text belongs counts as empty, and a few fields are cut to a generous
cap. The domain's validation then says what is wrong in words a person can act on,
and the handler re-renders the form with the input kept; a framework 422 would lose
both. How large a whole body may be is not a handler's business: the body-limit
middleware refuses it first (``app.web.security.FORM_PATHS``).

CSRF tokens are not fields here: ``require_csrf`` reads them from the parsed form.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from app.leads import antibot
from app.leads.forms import FIELDS as DEMO_FIELDS

# A note's body is at most 100,000 characters: 256 KiB leaves room for escaping (JSON,
# or a form's percent-encoding) and multi-byte text, and refuses abuse before it is
# parsed. The note form and the note API share it.
NOTE_REQUEST_MAX_BYTES = 256 * 1024

# Input caps: longer input is cut, not refused. Each is above the domain's own limit
# where there is one, so the domain still answers an overlong value with its message.
USERNAME_MAX = 64  # the longest username there is (app.accounts.service.USERNAME_RE)
PASSWORD_INPUT_MAX = 1024
DISPLAY_NAME_INPUT_MAX = 1000  # the service refuses past DISPLAY_NAME_MAX with a message
LEAD_NOTE_MAX = 1000
ALERT_FIELD_MAX = 2000
SAVED_NAME_INPUT_MAX = 500  # pairs and portfolios refuse past their NAME_MAX
WEIGHTS_INPUT_MAX = 2000
DATE_INPUT_MAX = 40
LEG_WEIGHT_INPUT_MAX = 20


def _as_text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _as_texts(value: object) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, str)]


def cut(limit: int) -> AfterValidator:
    """Keep the first ``limit`` characters."""
    return AfterValidator(lambda text: text[:limit])


Text = Annotated[str, BeforeValidator(_as_text)]
Texts = Annotated[list[str], BeforeValidator(_as_texts)]


# -- sign-in and the demo request --------------------------------------------------------


class LoginForm(BaseModel):
    username: Annotated[Text, cut(USERNAME_MAX)] = ""
    password: Annotated[Text, cut(PASSWORD_INPUT_MAX)] = ""
    next: Text = ""


class DemoForm(BaseModel):
    full_name: Text = ""
    email: Text = ""
    company: Text = ""
    role: Text = ""
    aum: Text = ""
    interests: Texts = []
    message: Text = ""
    consent: Text = ""
    # The bot checks: a field people don't see, and the signed time the form was shown.
    # Anything at all in the honeypot (text or a file) marks a bot: it is not read as text.
    honeypot: object = Field("", alias=antibot.HONEYPOT_FIELD)
    timestamp: Text = Field("", alias=antibot.TIMESTAMP_FIELD)

    def values(self) -> dict[str, Any]:
        """The person's input, as validation and the re-rendered form want it."""
        return self.model_dump(include=set(DEMO_FIELDS))


# -- admin -------------------------------------------------------------------------------


class LeadStatusForm(BaseModel):
    status: Text = ""
    note: Annotated[Text, AfterValidator(str.strip), cut(LEAD_NOTE_MAX)] = ""


class NewUserForm(BaseModel):
    username: Annotated[Text, cut(USERNAME_MAX)] = ""
    role: Text = ""
    password: Annotated[Text, cut(PASSWORD_INPUT_MAX)] = ""
    display_name: Annotated[Text, cut(DISPLAY_NAME_INPUT_MAX)] = ""


class DisplayNameForm(BaseModel):
    display_name: Annotated[Text, cut(DISPLAY_NAME_INPUT_MAX)] = ""


# -- research notes ----------------------------------------------------------------------


class NoteForm(BaseModel):
    """Writing, previewing and editing a note. ``editing`` is the note's id when the
    form edits one; ``author`` and ``api_token`` only matter without analyst sign-in."""

    title: Text = ""
    body: Text = ""
    tickers: Text = ""
    published_at: Text = ""
    author: Text = ""
    api_token: Text = ""
    editing: Text = ""


class ConfirmForm(BaseModel):
    confirm: Text = ""


# -- alerts, pairs and portfolios --------------------------------------------------------


AlertField = Annotated[Text, cut(ALERT_FIELD_MAX)]


class AlertRuleForm(BaseModel):
    kind: AlertField = ""
    symbol: AlertField = ""
    against: AlertField = ""
    window: AlertField = ""
    threshold: AlertField = ""
    direction: AlertField = ""
    measure: AlertField = ""
    pair: AlertField = ""
    webhook: AlertField = ""


class PairForm(BaseModel):
    """A pair: its name and entry date, and per symbol of the universe a ``side_SYM``
    (long, short or nothing) and a ``weight_SYM``. The universe can grow while the app
    runs, so those fields are read from the extras rather than declared."""

    model_config = ConfigDict(extra="allow")

    name: Annotated[Text, cut(SAVED_NAME_INPUT_MAX)] = ""
    entry_date: Annotated[Text, cut(DATE_INPUT_MAX)] = ""

    def _extra(self, key: str) -> str:
        # A repeated field counts once, by its last value, as for the declared fields.
        value = (self.model_extra or {}).get(key, "")
        texts = _as_texts(value)
        return texts[-1] if texts else ""

    def as_input(self, universe: list[str]) -> dict[str, Any]:
        """The service's input: legs per side (a blank weight is 1), with what each
        symbol's picker showed, to re-render the form."""
        sides: dict[str, str] = {}
        weights: dict[str, str] = {}
        legs: dict[str, dict[str, str]] = {"long": {}, "short": {}}
        for symbol in universe:
            side = self._extra(f"side_{symbol}")
            weight = self._extra(f"weight_{symbol}").strip()[:LEG_WEIGHT_INPUT_MAX]
            sides[symbol], weights[symbol] = side, weight
            if side in legs:
                legs[side][symbol] = weight or "1"
        return {
            "name": self.name,
            "entry_date": self.entry_date,
            "long_legs": legs["long"],
            "short_legs": legs["short"],
            "sides": sides,
            "weights": weights,
        }


class PortfolioSaveForm(BaseModel):
    name: Annotated[Text, cut(SAVED_NAME_INPUT_MAX)] = ""
    weights: Annotated[Text, cut(WEIGHTS_INPUT_MAX)] = ""
    date_from: Annotated[Text, cut(DATE_INPUT_MAX)] = Field("", alias="from")
    date_to: Annotated[Text, cut(DATE_INPUT_MAX)] = Field("", alias="to")


class PortfolioQuery(BaseModel):
    """The portfolio page's GET form: weights as text, or as rows of ``symbol`` and
    ``weight`` pickers (paired by position), and the window."""

    weights: Text = ""
    symbol: Texts = []
    weight: Texts = []
    date_from: Text = Field("", alias="from")
    date_to: Text = Field("", alias="to")
