"""Commands: users create (or add) | list | rename | passwd | disable | enable.

``passwd`` (change or reset a password) and ``disable`` end all the user's sessions.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from app.cli.errors import CliError


def register(subparsers: argparse._SubParsersAction) -> None:
    users = subparsers.add_parser("users", help="manage analyst and admin accounts")
    commands = users.add_subparsers(dest="users_command", required=True, metavar="ACTION")

    create = commands.add_parser("create", aliases=["add"], help="add a user")
    create.add_argument("username")
    create.add_argument("--role", choices=["analyst", "admin"], default="analyst")
    create.add_argument(
        "--display-name", default=None, help="the name pages show (default: the username)"
    )
    create.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    create.set_defaults(func=cmd_create)

    listing = commands.add_parser("list", help="list users")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=cmd_list)

    rename = commands.add_parser("rename", help="set the name pages show for a user")
    rename.add_argument("username")
    rename.add_argument("display_name", help="the new display name ('' for the username)")
    rename.set_defaults(func=cmd_rename)

    passwd = commands.add_parser("passwd", help="set a new password (ends all the user's sessions)")
    passwd.add_argument("username")
    passwd.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    passwd.set_defaults(func=cmd_passwd)

    for action, helptext in (
        ("disable", "stop a user signing in (ends the user's sessions)"),
        ("enable", "allow again"),
    ):
        sub = commands.add_parser(action, help=helptext)
        sub.add_argument("username")
        sub.set_defaults(func=cmd_set_active, active=action == "enable")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        # One line; the trailing newline of `echo … |` is not part of the password.
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise CliError("no terminal to prompt for a password: use --password-stdin")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Repeat password: "):
        raise CliError("passwords don't match")
    return first


def cmd_create(args: argparse.Namespace) -> int:
    from app.accounts.service import AccountError, create_user
    from app.db import get_engine, session_scope

    password = _read_password(args.password_stdin)
    try:
        with session_scope(get_engine()) as session:
            user = create_user(
                session, args.username, args.role, password, display_name=args.display_name
            )
            name, role = user.username, user.role
    except AccountError as exc:
        raise CliError(str(exc)) from exc
    print(f"created {role} {name}", file=sys.stderr)
    return 0


def cmd_rename(args: argparse.Namespace) -> int:
    from app.accounts.service import AccountError, set_display_name
    from app.db import get_engine, session_scope

    try:
        with session_scope(get_engine()) as session:
            user = set_display_name(session, args.username, args.display_name)
            name, shown = user.username, user.shown_name
    except AccountError as exc:
        raise CliError(str(exc)) from exc
    print(f"{name} is shown as {shown!r}", file=sys.stderr)
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    from app.accounts.service import AccountError, normalize_username, set_password
    from app.db import get_engine, session_scope

    password = _read_password(args.password_stdin)
    try:
        with session_scope(get_engine()) as session:
            ended = set_password(session, args.username, password)
    except AccountError as exc:
        raise CliError(str(exc)) from exc
    name = normalize_username(args.username)
    print(
        f"password set for {name}; ended {ended} session{'s' if ended != 1 else ''}",
        file=sys.stderr,
    )
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    import json

    from app.accounts.service import list_users
    from app.db import get_engine, session_scope

    with session_scope(get_engine()) as session:
        rows = [
            {
                "username": u.username,
                "display_name": u.display_name,
                "role": u.role,
                "active": u.is_active,
                "created_at": u.created_at.isoformat(timespec="seconds"),
                "last_login_at": u.last_login_at.isoformat(timespec="seconds")
                if u.last_login_at
                else None,
            }
            for u in list_users(session)
        ]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    for row in rows:
        state = "active" if row["active"] else "disabled"
        print(f"{row['username']:<24} {row['role']:<8} {state:<8} {row['last_login_at'] or '-'}")
    if not rows:
        print("no users yet: python -m app users create NAME --role admin", file=sys.stderr)
    return 0


def cmd_set_active(args: argparse.Namespace) -> int:
    from app.accounts.service import AccountError, set_active
    from app.db import get_engine, session_scope

    try:
        with session_scope(get_engine()) as session:
            set_active(session, args.username, args.active)
    except AccountError as exc:
        raise CliError(str(exc)) from exc
    print(f"{'enabled' if args.active else 'disabled'} {args.username.lower()}", file=sys.stderr)
    return 0
