"""Every button's data. Callback data is untrusted: handlers re-check who may press it."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class ConsentCb(CallbackData, prefix="c"):
    action: str  # accept | decline | adult | minor | reconsider
    pid: int


class ParentCb(CallbackData, prefix="pc"):
    """A parent's answer. It carries the code of the parent's link, not the request's number: button
    data can be forged, and a sequential number would let anyone consent for any waiting child."""

    action: str  # accept | decline
    code: str


class JoinCb(CallbackData, prefix="j"):
    code: str


class ResumeCb(CallbackData, prefix="rs"):
    pid: int


class AnswerCb(CallbackData, prefix="qa"):
    action: str  # opt | done | back | skip | submit | fix | edit | review
    rid: int
    q: str = ""
    v: int = -1


class ProfileCb(CallbackData, prefix="pf"):
    action: str  # edit | pick | show
    rid: int = 0
    q: str = ""


class LangCb(CallbackData, prefix="lang"):
    code: str


class MenuCb(CallbackData, prefix="m"):
    item: str


class InviteCb(CallbackData, prefix="iw"):
    step: str  # role | form | kind | expiry | limit | skipname
    value: str = ""


class LinksCb(CallbackData, prefix="ln"):
    action: str  # page | revoke | confirm
    id: int = 0
    page: int = 0


class PaperCb(CallbackData, prefix="pp"):
    action: str  # list | ask | confirm
    pid: int = 0


class PollCb(CallbackData, prefix="pl"):
    """Opens a scheduled questionnaire: the monthly feedback poll or the one-month relationship check."""

    kind: str  # feedback | relationship
    pid: int
    period: str


class SettingsCb(CallbackData, prefix="st"):
    """The curator's /settings screen; `name` is a setting and is checked against the known ones."""

    action: str  # edit | set | back | reset | reset-yes
    name: str = ""
    value: str = ""


class StuckCb(CallbackData, prefix="sk"):
    page: int = 0
