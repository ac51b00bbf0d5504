"""The ``tracks`` command line: argument parsing only; the work is in ``tracks.commands``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

import tracks
from model.errors import TracksError
from tracks import recipes, report, source, tui
from tracks.commands import (
    admin,
    assets,
    build,
    db,
    destroy,
    dev,
    doctor,
    generate,
    new,
    update,
    version,
)
from tracks.commands import test as test_command
from tracks.mcp import command as mcp_command

Handler = Callable[[argparse.Namespace], int]

EXIT_CODES = """exit codes:
  0  success
  1  a step failed (a command, a check, a template task)
  2  usage error or bad input (nothing was written)"""


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def key_value(text: str) -> str:
    key, sep, _ = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return text


def _new(args: argparse.Namespace) -> int:
    return new.new_project(
        args.name,
        module=args.module,
        database=args.db,
        git=not args.no_git,
        defaults=args.defaults,
        template=args.template,
        vcs_ref=args.vcs_ref,
        data=args.data,
    )


def _db_migrate(args: argparse.Namespace) -> int:
    return db.migrate(steps=args.steps, to=args.to, dry_run=args.dry_run)


def _db_rollback(args: argparse.Namespace) -> int:
    return db.rollback(steps=args.steps, to=args.to)


def _db_status(args: argparse.Namespace) -> int:
    return db.status(json_output=args.json)


def _db_create(args: argparse.Namespace) -> int:
    return db.create(args.name)


def _db_seed(args: argparse.Namespace) -> int:
    return db.seed(env=args.env, force=args.force)


def _db_reset(args: argparse.Namespace) -> int:
    return db.reset(force=args.force)


def _admin(args: argparse.Namespace) -> int:
    return admin.run_admin(args.args)


def _dev(args: argparse.Namespace) -> int:
    return dev.dev(no_air=args.no_air)


def _assets(args: argparse.Namespace) -> int:
    return assets.assets()


def _generate(args: argparse.Namespace) -> int:
    return generate.generate(
        args.recipe,
        args.name,
        args.fields,
        dry_run=args.dry_run,
        template=args.template,
        vcs_ref=args.vcs_ref,
        auth=args.auth,
    )


def _add_generate(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    gen = commands.add_parser(
        "generate",
        help="apply a recipe inside the app (recipes: " + ", ".join(generate.RECIPES) + ")",
        description="Apply a recipe inside the app. Recipes:\n"
        + "\n".join(f"  {r.name:<11} {r.summary}" for r in recipes.RECIPES.values())
        + "\n\nFields (resource only): name:type[:modifier...], e.g. title:string:max=120 "
        "post:references:cascade attachment:file cover:image:optional",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    gen.add_argument("recipe", choices=generate.RECIPES, help="what to generate")
    gen.add_argument("name", help="lower snake case name, e.g. blog_post")
    gen.add_argument("fields", nargs="*", metavar="FIELD", help="name:type[:modifier...]")
    gen.add_argument(
        "--dry-run", action="store_true", help="list the files and wiring, write nothing"
    )
    gen.add_argument(
        "--auth",
        action="store_true",
        help="resource only: its routes need a login and its own permissions (granted to admin)",
    )
    gen.add_argument(
        "--template", help="template source (default: the app's, its answers' _src_path)"
    )
    gen.add_argument(
        "--vcs-ref", help="template git ref (default: the app's version, its answers' _commit)"
    )
    gen.set_defaults(handler=_generate)


def _destroy(args: argparse.Namespace) -> int:
    return destroy.destroy(args.recipe, args.name, force=args.force)


def _add_destroy(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    gone = commands.add_parser("destroy", help="undo a recipe: remove its files and wiring")
    gone.add_argument("recipe", choices=generate.RECIPES, help="the recipe that was generated")
    gone.add_argument("name", help="the name it was generated with")
    gone.add_argument("--force", action="store_true", help="also delete files you changed")
    gone.set_defaults(handler=_destroy)


def _update(args: argparse.Namespace) -> int:
    return update.update(
        template=args.template, vcs_ref=args.vcs_ref, test=args.test, dry_run=args.pretend
    )


def _add_update(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "update",
        help="update the app and its recipe runs to a newer template version",
        description="Update the app (.copier-answers.yml), then each recipe run "
        "(.tracks/<recipe>-<name>.yml) in the order they were created, committing each step; "
        "then regenerate sqlc and templ code, tidy go.mod and build. Conflicts stop the update: "
        "resolve them, commit, and run it again.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--template", metavar="SRC", help="template source (default: the app's)")
    parser.add_argument(
        "--vcs-ref", metavar="REF", help="template git ref (default: its newest release tag)"
    )
    parser.add_argument("--test", action="store_true", help="also run the app's tests")
    parser.add_argument(
        "--pretend",
        action="store_true",
        help="update a temporary clone and show what would change; the app is untouched",
    )
    parser.set_defaults(handler=_update)


def _test(args: argparse.Namespace) -> int:
    return test_command.test(args.packages, run=args.run, ci=args.ci)


def _add_test(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "test",
        help="run the app's tests (make test, or make test-ci with --ci) with a summary",
        description="Run the app's tests through its Makefile (`make test`, with -json added to "
        "its GO_TEST; `make test-ci` with --ci) and end with `N passed, N failed, N skipped`.",
        epilog=EXIT_CODES.replace("  1  a step failed", "  1  a test or a step failed"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "packages", nargs="*", metavar="PACKAGE", help="only these packages (e.g. ./internal/...)"
    )
    parser.add_argument("--run", metavar="REGEX", help="only the tests matching REGEX (go -run)")
    parser.add_argument(
        "--ci", action="store_true", help="run `make test-ci`: what the app's CI runs"
    )
    parser.set_defaults(handler=_test)


def _build(args: argparse.Namespace) -> int:
    return build.build(version=args.version, revision=args.revision)


def _add_build(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "build",
        help="build every program of ./cmd into bin/ with version ldflags",
        description="Build each main package of ./cmd into bin/<name> as the app's Dockerfile "
        "does (-trimpath, -ldflags with the version and revision), with CGO_ENABLED=1 for the "
        "SQLite drivers and 0 for postgres.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", metavar="VERSION", help="default: `git describe --tags --always`, else dev"
    )
    parser.add_argument(
        "--revision", metavar="REVISION", help="default: `git rev-parse HEAD`, else unknown"
    )
    parser.set_defaults(handler=_build)


def _doctor(args: argparse.Namespace) -> int:
    return doctor.doctor(json_output=args.json)


def _version(args: argparse.Namespace) -> int:
    return version.version(json_output=args.json)


def _tui(args: argparse.Namespace) -> int:
    return tui.run()


def _add_new(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "new",
        help="generate a new app with Copier",
        description="Generate the app NAME in ./NAME from the Tracks template.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("name", metavar="NAME", help="project name; also the folder to create")
    parser.add_argument("--module", metavar="M", help="Go module path (e.g. github.com/me/blog)")
    parser.add_argument("--db", choices=new.DATABASES, help="database driver")
    parser.add_argument("--no-git", action="store_true", help="do not run git init")
    parser.add_argument(
        "--defaults", action="store_true", help="use defaults for every unanswered question"
    )
    parser.add_argument(
        "--template",
        metavar="SRC",
        help=f"template path or git URL (default: ${source.TEMPLATE_ENV}, this checkout, or "
        f"{source.CANONICAL_URL} at v{tracks.__version__})",
    )
    parser.add_argument(
        "--vcs-ref",
        metavar="REF",
        help=f"template git ref (default: {source.release_tag()} or HEAD)",
    )
    parser.add_argument(
        "-d",
        "--data",
        metavar="KEY=VALUE",
        action="append",
        type=key_value,
        default=[],
        help="answer a template question (repeatable)",
    )
    parser.set_defaults(handler=_new)


def _add_db(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "db",
        help="run the app's migrate program (./cmd/migrate)",
        description="Database tasks, run by the app's own ./cmd/migrate at the project root.",
        epilog=EXIT_CODES.replace(
            "  1  a step failed", "  N  the migrate program's exit code\n  1  a step failed"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    migrate = actions.add_parser("migrate", help="apply pending migrations (up)")
    target = migrate.add_mutually_exclusive_group()
    target.add_argument("--steps", type=positive_int, metavar="N", help="apply at most N")
    target.add_argument("--to", metavar="VERSION", help="migrate up to VERSION")
    migrate.add_argument(
        "--dry-run", action="store_true", help="show pending migrations, apply nothing"
    )
    migrate.set_defaults(handler=_db_migrate)

    rollback = actions.add_parser("rollback", help="roll back migrations (down)")
    back = rollback.add_mutually_exclusive_group()
    back.add_argument(
        "steps", type=positive_int, nargs="?", metavar="N", help="how many (default 1)"
    )
    back.add_argument("--to", metavar="VERSION", help="roll back down to VERSION")
    rollback.set_defaults(handler=_db_rollback)

    status = actions.add_parser("status", help="show applied and pending migrations")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.set_defaults(handler=_db_status)

    create = actions.add_parser("create", help="create a new migration file")
    create.add_argument("name", metavar="NAME", help="migration name, e.g. add_posts")
    create.set_defaults(handler=_db_create)

    seed = actions.add_parser("seed", help="load seed data")
    seed.add_argument("--env", metavar="E", help="seed set to load (e.g. development)")
    seed.add_argument("--force", action="store_true", help="seed even if data exists")
    seed.set_defaults(handler=_db_seed)

    reset = actions.add_parser("reset", help="drop everything and migrate again")
    reset.add_argument("--force", action="store_true", help="do not ask for confirmation")
    reset.set_defaults(handler=_db_reset)


def _add_admin(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "admin",
        help="manage users, roles and permissions (the app's ./cmd/admin)",
        description=(
            "Run the app's own ./cmd/admin at the project root with ARGS unchanged, e.g.\n"
            "  tracks admin roles grant --email you@example.com --role admin\n"
            "  tracks admin roles list --json\n"
            "`tracks admin users` (or any group without a subcommand) lists what it takes."
        ),
        epilog=EXIT_CODES.replace(
            "  1  a step failed", "  N  the admin program's exit code\n  1  a step failed"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "args", nargs=argparse.REMAINDER, metavar="ARGS", help="arguments for ./cmd/admin"
    )
    parser.set_defaults(handler=_admin)


def _add_dev(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "dev",
        help="run the app with live reload (Air), else `go run ./cmd/server`",
        description=(
            "Run the app at the project root: `air` (live reload, configured by .air.toml) "
            "when it is on PATH, otherwise `go run ./cmd/server`."
        ),
        epilog=EXIT_CODES.replace(
            "  1  a step failed",
            "  N  the exit code of air or go run (0 after a clean Ctrl-C)\n  1  a step failed",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--no-air", action="store_true", help="run `go run ./cmd/server` even if air is installed"
    )
    parser.set_defaults(handler=_dev)


def _add_assets(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "assets",
        help="rebuild the static assets (internal/assets/build.sh)",
        description=(
            "Rebuild internal/assets/dist by running `sh internal/assets/build.sh` at the "
            "project root."
        ),
        epilog=EXIT_CODES.replace(
            "  1  a step failed", "  N  build.sh's exit code\n  1  a step failed"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(handler=_assets)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tracks",
        description="Generate and manage Go hypermedia web apps made from the Tracks template.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"tracks {tracks.__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _add_new(commands)
    _add_db(commands)
    _add_admin(commands)
    _add_dev(commands)
    _add_assets(commands)
    _add_generate(commands)
    _add_destroy(commands)
    _add_update(commands)
    _add_test(commands)
    _add_build(commands)
    mcp_command.add_parser(commands)

    checks = commands.add_parser("doctor", help="check the tools an app needs")
    checks.add_argument("--json", action="store_true", help="print the checks as JSON")
    checks.set_defaults(handler=_doctor)

    versions = commands.add_parser("version", help="show versions")
    versions.add_argument("--json", action="store_true", help="print the versions as JSON")
    versions.set_defaults(handler=_version)

    screens = commands.add_parser("tui", help="open the terminal UI (also `tracks` in a terminal)")
    screens.set_defaults(handler=_tui)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default: ``sys.argv[1:]``) and return the exit code."""
    parser = build_parser()
    if argv is None and tui.opens_by_default(sys.argv[1:]):
        argv = ["tui"]
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help/--version (0) or a usage error (2)
        return report.exit_status(exc)
    handler: Handler = args.handler
    try:
        return handler(args)
    except TracksError as err:
        return report.error(err)
    except KeyboardInterrupt:
        return report.interrupted()


if __name__ == "__main__":
    sys.exit(main())
