"""``realpolitik serve``: the local web app over a folder of scenario files."""

from __future__ import annotations

import os
import threading
import webbrowser
from pathlib import Path

import click

from ..errors import MissingExtraError, RealpolitikError
from .app import main

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _app_modules():
    """The web framework, imported only when serving so that the rest of the CLI starts fast."""
    try:
        import uvicorn

        from ..app.server import create_app
    except ImportError as exc:
        raise MissingExtraError(exc.name or "fastapi", "app") from None
    return uvicorn, create_app


@main.command()
@click.argument("folder", type=click.Path(file_okay=False), default=".", required=False)
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port to listen on (0 picks a free one).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but this machine (e.g. 0.0.0.0) lets others on the "
                   "network reach the app: asked for explicitly only, and warned about.")
@click.option("--open", "open_browser", is_flag=True, help="Open the app in the web browser.")
@click.option("--corpus", type=click.Path(file_okay=False), default=None,
              help="Folder of the cited source files, to show the text of each cited paragraph.")
@click.option("--token", envvar="REALPOLITIK_TOKEN", default=None, show_envvar=True,
              help="Access token (default: a fresh random one, printed in the URL).")
def serve(folder, port, host, open_browser, corpus, token):
    """Serve the scenario files in FOLDER (default: the current folder) as a web app.

    Build and edit scenarios, import KTAB, Decide and CSV files, run forecasts and
    what-ifs, and browse recorded runs. The bundled examples are offered read-only.
    Only files inside FOLDER are read or written. Every request needs the access token
    printed in the URL. Stop with Ctrl+C.

    \b
    Examples:
      realpolitik serve
      realpolitik serve scenarios/ --port 9000 --open
    """
    uvicorn, create_app = _app_modules()
    if not Path(folder).is_dir():
        raise RealpolitikError(f"{folder}: no such folder")
    from ..app.security import new_token
    from ..app.server import bundled_examples

    token = token or new_token()
    app = create_app(folder, token=token, examples=bundled_examples(), corpus=corpus,
                     any_host=host not in LOOPBACK)
    if host not in LOOPBACK:
        click.echo(f"warning: listening on {host}: anyone who can reach this machine and learns the token can "
                   "read and change the scenario files in this folder", err=True)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)

    def announce() -> None:
        while not server.started:
            if server.should_exit:
                return
            threading.Event().wait(0.05)
        bound = server.servers[0].sockets[0].getsockname()[1] if server.servers else port
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        url = f"http://{'[' + shown + ']' if ':' in shown else shown}:{bound}/?token={token}"
        click.echo(f"realpolitik serves {os.path.abspath(folder)}", err=True)
        click.echo(f"  open {url}", err=True)
        click.echo("  stop with Ctrl+C", err=True)
        if open_browser:
            webbrowser.open(url)

    threading.Thread(target=announce, daemon=True).start()
    server.run()
