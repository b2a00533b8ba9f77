"""`corner setup` and `corner staff`: a shop's own people, from the command line.

    corner setup --owner-name "Ana Lima"          # asks the owner's PIN twice
    corner staff add "Bo Chen" --role cashier --pin OWNER_PIN
    corner staff list --pin OWNER_PIN
    corner staff rename "Bo Chen" "Bo Chen-Li" --pin OWNER_PIN
    corner staff set-pin "Bo Chen" --pin OWNER_PIN
    corner staff disable "Bo Chen" --pin OWNER_PIN

A new PIN is asked twice at a prompt; scripts give it with ``--new-pin`` (``--owner-pin`` for
setup) or on standard input (one line, or two that must match).
"""

from __future__ import annotations

import getpass
import sys

from .core.errors import TillError
from .core.staff import confirm_pin


def read_new_pin(given: str | None, who: str) -> str:
    """The new PIN: as given, else typed twice at a prompt, else read from standard input."""
    if given is not None:
        return confirm_pin(given.strip(), given.strip())
    if sys.stdin is not None and sys.stdin.isatty():
        try:
            first = getpass.getpass(f"New PIN for {who} (4 to 8 digits): ")
            again = getpass.getpass("Type it again: ")
        except (EOFError, KeyboardInterrupt):
            raise TillError("No PIN was typed; nothing was changed.") from None
        return confirm_pin(first.strip(), again.strip())
    lines = [line.strip() for line in (sys.stdin.read() if sys.stdin else "").splitlines() if line.strip()]
    if not lines:
        raise TillError(f"Give {who}'s new PIN: type it at the prompt, with --new-pin, or on standard input.")
    return confirm_pin(lines[0], lines[1] if len(lines) > 1 else lines[0])


def cmd_setup(till, args, out) -> None:
    if not till.staff.needs_owner():
        raise TillError("This till already has staff: the owner adds people with `corner staff add`.")
    name = args.owner_name.strip()
    if not name:
        raise TillError("The owner needs a name: --owner-name NAME.")
    pin = read_new_pin(args.owner_pin, name)
    owner = till.staff.create_first_owner(name, pin)
    out.emit({"id": owner.id, "name": owner.name, "role": owner.role},
             f"{owner.name} is the owner of this till. Log in with your PIN; add your staff with `corner staff add`.")


def _row(member) -> dict:
    return {"id": member.id, "name": member.name, "role": member.role, "active": member.active,
            "created_at": member.created_at}


def cmd_staff(till, args, out) -> None:
    till.login(args.pin)
    if args.action == "list":
        if not till.user.is_owner:
            raise TillError("Only an owner can list the staff.")
        rows = till.staff.list(include_inactive=args.all)
        out.emit([_row(r) for r in rows],
                 [f"{r.name:<24} {r.role:<8} {'active' if r.active else 'deactivated':<12} {r.id}" for r in rows]
                 or ["nobody"])
        return
    if args.action == "add":
        pin = read_new_pin(args.new_pin, args.name)
        member = till.staff.add(args.name, args.role, pin)
        out.emit(_row(member), f"added {member.name} ({member.role})")
        return
    member = till.staff.find(args.who)
    if args.action == "rename":
        member = till.staff.rename(member.id, args.new_name)
        out.emit(_row(member), f"renamed to {member.name}")
    elif args.action == "set-pin":
        pin = read_new_pin(args.new_pin, member.name)
        member = till.staff.set_pin(member.id, pin, approver_pin=args.approve)
        out.emit(_row(member), f"new PIN set for {member.name}")
    elif args.action == "disable":
        member = till.staff.disable(member.id)
        out.emit(_row(member), f"{member.name} is deactivated and can no longer log in")


def add_commands(sub) -> None:
    s = sub.add_parser("setup", help="a new shop's first step: create the owner (name and PIN)")
    s.add_argument("--owner-name", required=True, help="the owner's name, as receipts and reports show it")
    s.add_argument("--owner-pin", "--pin", dest="owner_pin",
                   help="the owner's PIN (4 to 8 digits); without it, asked twice (or read from stdin)")
    s.set_defaults(fn=cmd_setup)

    st = sub.add_parser("staff", help="the shop's staff: add, list, rename, set a PIN, deactivate (owner)")
    st_sub = st.add_subparsers(dest="action", required=True)
    st.set_defaults(fn=cmd_staff)

    def command(name: str, help: str):
        p = st_sub.add_parser(name, help=help)
        p.add_argument("--pin", required=True, help="your PIN (an owner's)")
        return p

    ls = command("list", "everyone at this till")
    ls.add_argument("--all", action="store_true", help="people who left too")
    a = command("add", "add a cashier or an owner")
    a.add_argument("name")
    a.add_argument("--role", choices=["cashier", "owner"], default="cashier")
    a.add_argument("--new-pin", help="their PIN (4 to 8 digits); without it, asked twice (or read from stdin)")
    r = command("rename", "change someone's name")
    r.add_argument("who", help="name or id")
    r.add_argument("new_name")
    p = command("set-pin", "give someone a new PIN (an owner approves)")
    p.add_argument("who", help="name or id")
    p.add_argument("--new-pin", help="the new PIN; without it, asked twice (or read from stdin)")
    p.add_argument("--approve", help="an owner's PIN, when --pin is not an owner's")
    d = command("disable", "someone who left: they can no longer log in")
    d.add_argument("who", help="name or id")
