"""Free-mail domains: a lead from one is flagged for the sales team, never rejected."""

from __future__ import annotations

FREE_MAIL_DOMAINS = frozenset(
    {
        "aol.com", "gmail.com", "googlemail.com", "gmx.com", "gmx.de", "gmx.net",
        "hotmail.com", "hotmail.co.uk", "hotmail.fr", "icloud.com", "live.com",
        "mac.com", "mail.com", "mail.ru", "me.com", "msn.com", "outlook.com",
        "proton.me", "protonmail.com", "qq.com", "tutanota.com", "web.de",
        "yahoo.co.uk", "yahoo.com", "yahoo.fr", "yandex.com", "yandex.ru", "zoho.com",
        "163.com", "126.com",
    }
)  # fmt: skip


def is_free_mail(email: str) -> bool:
    domain = email.rsplit("@", 1)[-1].strip().casefold().rstrip(".")
    return domain in FREE_MAIL_DOMAINS
