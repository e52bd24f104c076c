"""Runs Alembic revision files through Alembic itself in offline mode and records the SQL it emits.

Used by migrationlint's `orm.execute` (src/hosts/execute/alembic.ts). Reads one JSON object on
stdin: {"sysPath": [directories put first on sys.path], "files": [absolute paths]}. For each file it imports the revision
module by path and calls upgrade() and downgrade() under Alembic's own
MigrationContext.configure(dialect_name="postgresql", as_sql=True, literal_binds=True), with
Operations installed as `alembic.op`. No database: offline mode compiles every statement with
SQLAlchemy's PostgreSQL dialect and writes it to an output buffer, recorded here with the call
site in the revision file. Sockets are refused so the revision's code reaches no network.

Writes {"start": file} and {"end": file} around each file and one JSON line per section to stdout:
  {"file", "section": "up"|"down", "queries": [{"sql", "line", "col", "endLine", "endCol", "generated"?}],
   "error"?: {"message", "line"}}
where columns are UTF-8 byte offsets on 1-based lines (Python's own code positions), "col" is
absent before Python 3.11, "generated" marks the COMMIT / BEGIN Alembic writes around an
autocommit_block(), and a file that cannot be imported yields one line with section
"import". Anything the revision prints goes to stderr.
"""

import importlib.util
import json
import os
import socket
import sys
import traceback

OUT = os.fdopen(os.dup(1), "w", encoding="utf-8")
os.dup2(2, 1)
sys.stdout = sys.stderr


def refuse_network(*_args, **_kwargs):
    raise OSError("migrationlint orm.execute: network access is refused while recording a revision")


socket.socket.connect = refuse_network
socket.socket.connect_ex = refuse_network
socket.create_connection = refuse_network

from alembic.operations import Operations  # noqa: E402
from alembic.operations import batch as alembic_batch  # noqa: E402
from alembic.ddl.impl import DefaultImpl  # noqa: E402
from alembic.runtime.migration import MigrationContext  # noqa: E402


def emit(obj):
    OUT.write(json.dumps(obj) + "\n")
    OUT.flush()


def frame_site(frame, path):
    """The position of the call a frame of the revision file is executing."""
    site = {"line": frame.f_lineno}
    positions = getattr(frame.f_code, "co_positions", None)
    if positions is not None and frame.f_lasti >= 0:
        for i, position in enumerate(positions()):
            if i == frame.f_lasti // 2:
                line, end_line, col, end_col = position
                if line is not None and col is not None and end_line is not None and end_col is not None:
                    site = {"line": line, "col": col, "endLine": end_line, "endCol": end_col}
                break
    return site


def call_site(path):
    """The innermost frame executing code of the revision file (a helper of the file is its own site)."""
    frame = sys._getframe(1)
    while frame is not None:
        if os.path.realpath(frame.f_code.co_filename) == path:
            return frame_site(frame, path)
        frame = frame.f_back
    return None


class Recorder:
    """Alembic's output_buffer: each write is one statement, `<sql>;` followed by a blank line."""

    def __init__(self, path):
        self.path = path
        self.queries = []
        # Set while a batch_alter_table block flushes its operations: the site of the batch_op call.
        self.site_override = None
        # Set while Alembic itself writes COMMIT / BEGIN around an autocommit_block().
        self.control = False

    def write(self, text):
        sql = text.strip()
        if sql.endswith(";"):
            sql = sql[:-1].rstrip()
        if not sql:
            return
        site = self.site_override or call_site(self.path) or {}
        self.queries.append({"sql": sql, **site, **({"generated": True} if self.control else {})})

    def flush(self):
        pass


CURRENT = {"recorder": None}


class SitedBatch(list):
    """batch_op.* calls are queued and emitted when the `with` block ends: keep each call's site."""

    def __init__(self):
        super().__init__()
        self.sites = []

    def append(self, item):
        recorder = CURRENT["recorder"]
        self.sites.append(call_site(recorder.path) if recorder else None)
        super().append(item)

    def __iter__(self):
        recorder = CURRENT["recorder"]
        try:
            for item, site in zip(list.__iter__(self), self.sites):
                if recorder:
                    recorder.site_override = site
                yield item
        finally:
            if recorder:
                recorder.site_override = None


original_batch_init = alembic_batch.BatchOperationsImpl.__init__


def sited_batch_init(self, *args, **kwargs):
    original_batch_init(self, *args, **kwargs)
    self.batch = SitedBatch()


alembic_batch.BatchOperationsImpl.__init__ = sited_batch_init


def generated(emit_control):
    def emit(self):
        recorder = CURRENT["recorder"]
        if recorder:
            recorder.control = True
        try:
            emit_control(self)
        finally:
            if recorder:
                recorder.control = False

    return emit


DefaultImpl.emit_begin = generated(DefaultImpl.emit_begin)
DefaultImpl.emit_commit = generated(DefaultImpl.emit_commit)


def failure(error, path):
    """Why a revision raised, and the line of the revision file where it did."""
    line = None
    for frame in traceback.extract_tb(error.__traceback__):
        if os.path.realpath(frame.filename) == path:
            line = frame.lineno
    if isinstance(error, SyntaxError) and os.path.realpath(error.filename or "") == path:
        line = error.lineno
    message = f"{type(error).__name__}: {error}".strip().splitlines()
    return {"message": message[0] if message else type(error).__name__, "line": line}


def load(path, index):
    spec = importlib.util.spec_from_file_location(f"_migrationlint_revision_{index}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_section(module, name, path):
    recorder = Recorder(path)
    context = MigrationContext.configure(
        dialect_name="postgresql",
        opts={"as_sql": True, "output_buffer": recorder, "literal_binds": True},
    )
    CURRENT["recorder"] = recorder
    result = {"section": "up" if name == "upgrade" else "down", "queries": recorder.queries}
    try:
        with Operations.context(context):
            getattr(module, name)()
    except Exception as error:  # the revision's own code: any error is reported, not raised
        result["error"] = failure(error, path)
    finally:
        CURRENT["recorder"] = None
    return result


def main():
    request = json.load(sys.stdin)
    sys.path[0:0] = request.get("sysPath", [])
    for index, given in enumerate(request["files"]):
        emit({"start": given})
        path = os.path.realpath(given)
        here = os.path.dirname(path)
        sys.path.insert(0, here)
        try:
            module = load(path, index)
        except BaseException as error:  # SystemExit in a module body is the file's failure too
            emit({"file": given, "section": "import", "queries": [], "error": failure(error, path)})
            emit({"end": given})
            continue
        finally:
            if here in sys.path:
                sys.path.remove(here)
        for name in ("upgrade", "downgrade"):
            if callable(getattr(module, name, None)):
                emit({"file": given, **run_section(module, name, path)})
        emit({"end": given})
    emit({"done": True})


main()
