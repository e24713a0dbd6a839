"""The local review page (`trialsift review OUT_DIR`): FastAPI + Jinja2, served by uvicorn on
127.0.0.1, all three already installed with Prefect.

Safety, in layers:
- every string from a document goes through Jinja2's autoescaping (or `highlight_html`, which
  escapes), so a paper's `<script>` is text;
- a Content-Security-Policy header forbids every script, remote load and foreign form target: the
  page works with plain HTML forms and links, and runs no JavaScript at all;
- a request whose Host is not 127.0.0.1 or localhost is refused (a DNS-rebinding page cannot
  reach the server under its own name);
- every state-changing POST carries this session's random token, which only the page itself holds:
  another page open in the browser cannot post decisions (403 without it).

The page model (`ReviewedOutputs`) is built once and rebuilt when a decision is posted or when a
`trialsift run` rewrote the outputs meanwhile.
"""

from __future__ import annotations

import secrets
import socket
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.middleware.trustedhost import TrustedHostMiddleware

from pipeline.decisions import CONFLICT_DECISIONS, CORRECTABLE_FIELDS, STALE, DecisionError
from pipeline.publish import OutputFolderBusy, new_generation, output_lock
from pipeline.reconcile import cell_float, cell_int, cell_text
from pipeline.records import Decision
from pipeline.report import (
    CSS,
    DECISION_TITLES,
    KIND_TITLES,
    document_label,
    gone_text,
    highlight_html,
    key_text,
    measurement_text,
)
from pipeline.review import ReviewedOutputs, record_decision, reviewed_outputs
from pipeline.store import DocumentStore

LOCAL_HOSTS = ["127.0.0.1", "localhost"]
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
CONTEXT_CHARS = 1500  # characters of ingested text shown on each side of a figure
STATES = ("undecided", "decided", "stale", "new")

_templates = Environment(
    loader=PackageLoader("pipeline", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass
class ReviewSession:
    """One `trialsift review` process: its folder, its token, and the page model."""

    out_dir: Path
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    reviewer: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _model: ReviewedOutputs | None = None
    _views: tuple[ReviewedOutputs, PageViews] | None = None
    _signature: tuple[int, ...] = ()

    def _outputs_signature(self) -> tuple[int, ...]:
        # A run (or `trialsift report`) replaces these files: then the page is rebuilt from the store.
        names = ("measurements.csv", "conflicts.csv", "decisions.csv")
        return tuple(
            (self.out_dir / n).stat().st_mtime_ns if (self.out_dir / n).exists() else 0 for n in names
        )

    def model(self) -> ReviewedOutputs:
        with self._lock:
            signature = self._outputs_signature()
            if self._model is None or signature != self._signature:
                with DocumentStore.in_folder(self.out_dir) as store:
                    self._model = reviewed_outputs(store)
                self._signature = signature
                if not self.reviewer and self._model.decisions:  # the name the forms start with
                    self.reviewer = self._model.decisions[-1].reviewer
            return self._model

    def views(self) -> tuple[ReviewedOutputs, PageViews]:
        model = self.model()
        with self._lock:
            if self._views is None or self._views[0] is not model:
                self._views = (model, page_views(model))
            return self._views

    def decide(self, form: dict[str, str]) -> None:
        """Record a decision, then rewrite the outputs so that the folder agrees with the page."""
        from pipeline.batch import write_reconciliation

        model = self.model()
        correction = {name: form.get(f"correct_{name}", "") for name in CORRECTABLE_FIELDS}
        choice = form.get("decision", "")
        if form.get("target") == "measurement" and choice == "extraction_error" and any(correction.values()):
            choice = "corrected"  # the figure is real, its attribution was wrong
        # A run writing to the folder now would publish outputs without the decision: refused.
        with (
            self._lock,
            output_lock(self.out_dir, notify=lambda note: print(note, file=sys.stderr)),
            DocumentStore.in_folder(self.out_dir) as store,
        ):
            record_decision(
                store,
                model,
                form.get("target", ""),
                form.get("id", ""),
                choice,
                correction,
                form.get("note", ""),
                form.get("reviewer", ""),
            )
            with new_generation(self.out_dir) as folder:
                write_reconciliation(store, folder)
            self._model = None
        self.reviewer = form.get("reviewer", "").strip() or self.reviewer


def _location(section: str, page: int | None, start: int | None) -> str:
    bits = [f"section “{section}”" if section else "", f"page {page}" if page is not None else ""]
    bits.append(f"offset {start}" if start is not None else "")
    return ", ".join(b for b in bits if b)


def _side(conflict: dict[str, Any], side: str, titles: dict[str, str]) -> dict[str, Any]:
    doc_id = cell_text(conflict.get(f"doc_id_{side}"))
    value_text = cell_text(conflict.get(f"value_text_{side}")) or cell_text(conflict.get(f"value_{side}"))
    start, end = cell_int(conflict.get(f"char_start_{side}")), cell_int(conflict.get(f"char_end_{side}"))
    measurement_id = cell_text(conflict.get(f"measurement_id_{side}"))
    return {
        "value": value_text,
        "document": Markup(document_label(doc_id, titles)),
        "location": _location(
            cell_text(conflict.get(f"section_{side}")), cell_int(conflict.get(f"page_{side}")), start
        ),
        "evidence": Markup(highlight_html(cell_text(conflict.get(f"evidence_{side}")), value_text)),
        "context": _context_url(doc_id, start, end),
        "ci": " – ".join(
            cell_text(conflict.get(f"ci_{b}_{side}"))
            for b in ("low", "high")
            if cell_text(conflict.get(f"ci_{b}_{side}"))
        ),
        "measurement_id": measurement_id,
    }


def _context_url(doc_id: str, start: int | None, end: int | None) -> str:
    figure = f"?start={start}&end={end}#figure" if start is not None and end is not None else ""
    return f"/documents/{quote(doc_id, safe='')}{figure}"


def conflict_view(
    c: dict[str, Any],
    titles: dict[str, str],
    decision: Decision | None,
    states: set[str],
) -> dict[str, Any]:
    """A conflict as the page shows it."""
    severity = cell_float(c.get("severity"))
    return {
        "id": cell_text(c.get("conflict_id")),
        "trial": cell_text(c.get("trial")),
        "kind": KIND_TITLES.get(cell_text(c.get("kind")), cell_text(c.get("kind"))),
        "severity_label": cell_text(c.get("severity_label")),
        "severity": f"{severity:.2f}" if severity is not None else "",
        "key": key_text(c),
        "note": cell_text(c.get("note")),
        "new": "new" in states,
        "decision": decision,
        "sides": [_side(c, "a", titles), _side(c, "b", titles)],
    }


def _options(values: list[str]) -> list[str]:
    return sorted({v for v in values if v}, key=str.lower)


@dataclass(frozen=True)
class PageViews:
    """Every conflict, finding and decision as the page shows them, built once per page model;
    each conflict and finding with what the filters match (trial, kind, severity, states)."""

    conflicts: list[tuple[tuple[str, str, str, set[str]], dict[str, Any]]]
    checks: list[tuple[tuple[str, str, str, set[str]], dict[str, Any]]]
    decisions: list[dict[str, Any]]
    trials: list[str]
    kinds: list[str]


def _decision_states(decision: Decision | None) -> set[str]:
    return {"undecided"} if decision is None else {"decided", *([STALE] if decision.state == STALE else [])}


def page_views(model: ReviewedOutputs) -> PageViews:
    titles = {d.doc_id: d.title for d in model.documents}
    conflict_decisions = {d.id: d for d in model.decisions if d.target == "conflict"}
    measurement_decisions = {d.id: d for d in model.decisions if d.target == "measurement"}
    conflicts = []
    for c in model.conflicts.to_dict(orient="records"):
        conflict_id = cell_text(c.get("conflict_id"))
        decision = conflict_decisions.get(conflict_id)
        states = _decision_states(decision) | ({"new"} if conflict_id in model.new_conflicts else set())
        view = conflict_view(c, titles, decision, states)
        conflicts.append(((view["trial"], cell_text(c.get("kind")), view["severity_label"], states), view))
    checks = []
    for finding in model.checks.to_dict(orient="records"):
        measurement_id = cell_text(finding.get("measurement_id"))
        decision = measurement_decisions.get(measurement_id)
        view = {
            "level": cell_text(finding.get("level")),
            "check": cell_text(finding.get("check")),
            "trial": cell_text(finding.get("trial")),
            "detail": cell_text(finding.get("detail")),
            "document": Markup(document_label(cell_text(finding.get("doc_id")), titles)),
            "evidence": Markup(
                highlight_html(cell_text(finding.get("evidence")), cell_text(finding.get("value_text")))
            ),
            "context": _context_url(
                cell_text(finding.get("doc_id")),
                cell_int(finding.get("char_start")),
                cell_int(finding.get("char_end")),
            ),
            "measurement_id": measurement_id,
            "decision": decision,
        }
        checks.append(((view["trial"], view["check"], view["level"], _decision_states(decision)), view))
    described = {view["id"]: f"{view['trial']} · {view['key']}" for _, view in conflicts}
    decided = model.measurements[model.measurements["measurement_id"].isin(set(measurement_decisions))]
    figures = {cell_text(r.get("measurement_id")): r for r in decided.to_dict(orient="records")}
    decisions = [
        {
            "decision": d,
            "what": measurement_text(figures[d.id])
            if d.id in figures
            else described.get(
                d.id, "no longer on the page" if d.target == "conflict" else "figure no longer extracted"
            ),
        }
        for d in sorted(model.decisions, key=lambda d: (d.state != STALE, d.decided_at))
    ]
    return PageViews(
        conflicts=conflicts,
        checks=checks,
        decisions=decisions,
        trials=_options([key[0] for key, _ in conflicts + checks]),
        kinds=_options([key[1] for key, _ in conflicts + checks]),
    )


def page_context(model: ReviewedOutputs, views: PageViews, filters: dict[str, str]) -> dict[str, Any]:
    """Everything the review page shows, filtered by trial, kind, severity and decision state."""

    def wanted(key: tuple[str, str, str, set[str]]) -> bool:
        trial, kind, severity, states = key
        return (
            (not filters.get("trial") or trial == filters["trial"])
            and (not filters.get("kind") or kind == filters["kind"])
            and (not filters.get("severity") or severity == filters["severity"])
            and (not filters.get("state") or filters["state"] in states)
        )

    return {
        "filters": filters,
        "trials": views.trials,
        "kinds": views.kinds,
        "severities": ["high", "medium", "low", "error", "warning"],
        "states": STATES,
        "conflicts": [view for key, view in views.conflicts if wanted(key)],
        "conflict_total": len(views.conflicts),
        "checks": [view for key, view in views.checks if wanted(key)],
        "check_total": len(views.checks),
        "decisions": views.decisions,
        "stale": sum(1 for d in model.decisions if d.state == STALE),
        "previous_run": model.previous_run,
        "new_count": len(model.new_conflicts),
        "gone": [gone_text(s) for s in model.gone_conflicts.values()],
        "css": Markup(CSS),
        "decision_titles": DECISION_TITLES,
    }


def document_context(
    model: ReviewedOutputs, store: DocumentStore, doc_id: str, start: int | None, end: int | None
) -> dict[str, Any]:
    """The ingested text around a figure (or all of it), the figure marked, with its section and
    page, and every figure of the document to mark as an extraction error."""
    document = store.load_document(doc_id)
    text = document.text
    if start is not None and end is not None and 0 <= start <= end <= len(text):
        lo, hi = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
        before, figure, after = text[lo:start], text[start:end], text[end:hi]
        section, page = document.section_at(start) or "", document.page_at(start)
    else:
        lo, hi, before, figure, after, section, page = 0, len(text), text, "", "", "", None
    rows = model.measurements[model.measurements["doc_id"] == doc_id].to_dict(orient="records")
    # A figure's own section (a table's caption, say) when the document's structure names none.
    section = section or next(
        (cell_text(r.get("section")) for r in rows if cell_int(r.get("char_start")) == start), ""
    )
    decisions = {d.id: d for d in model.decisions if d.target == "measurement"}
    figures = [
        {
            "id": cell_text(r.get("measurement_id")),
            "text": measurement_text(r),
            "status": cell_text(r.get("review_status")),
            "decision": decisions.get(cell_text(r.get("measurement_id"))),
            "context": _context_url(doc_id, cell_int(r.get("char_start")), cell_int(r.get("char_end"))),
            "current": start is not None and cell_int(r.get("char_start")) == start,
        }
        for r in rows
    ]
    return {
        "doc_id": doc_id,
        "title": document.title,
        "path": Path(document.path).name,
        "format": document.format,
        "before": before,
        "figure": figure,
        "after": after,
        "clipped_start": lo > 0,
        "clipped_end": hi < len(text),
        "section": section,
        "page": page,
        "measurements": figures,
        # One form per page: browsers parse every form of a page for autofill, and a document
        # can hold hundreds of figures; the others are a link away.
        "current": next((f for f in figures if f["current"]), None),
        "css": Markup(CSS),
        "decision_titles": DECISION_TITLES,
    }


def _safe_return(path: str) -> str:
    """Back to a page of this server only (never an absolute or scheme-relative URL)."""
    return path if path.startswith("/") and not path.startswith("//") and "\\" not in path else "/"


def create_app(session: ReviewSession) -> FastAPI:
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=LOCAL_HOSTS)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response

    def render(template: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(_templates.get_template(template).render(**context), status_code=status)

    @app.get("/", response_class=HTMLResponse)
    def index(request: Request) -> HTMLResponse:
        filters = {k: request.query_params.get(k, "") for k in ("trial", "kind", "severity", "state")}
        context = page_context(*session.views(), filters)
        return_to = (
            "/?" + urlencode({k: v for k, v in filters.items() if v}) if any(filters.values()) else "/"
        )
        return render(
            "review.html",
            **context,
            token=session.token,
            reviewer=session.reviewer,
            return_to=return_to,
            out_dir=str(session.out_dir),
        )

    @app.get("/conflicts/{conflict_id}", response_class=HTMLResponse)
    def conflict(conflict_id: str) -> HTMLResponse:
        model = session.model()
        rows = model.conflicts[model.conflicts["conflict_id"] == conflict_id].to_dict(orient="records")
        if not rows:
            message = f"No conflict {conflict_id!r} in the current outputs (decided away, or re-run since)."
            return render("message.html", 404, title="Not found", message=message, css=Markup(CSS))
        titles = {d.doc_id: d.title for d in model.documents}
        decision = next((d for d in model.decisions if d.target == "conflict" and d.id == conflict_id), None)
        states = _decision_states(decision) | ({"new"} if conflict_id in model.new_conflicts else set())
        return render(
            "conflict.html",
            c=conflict_view(rows[0], titles, decision, states),
            token=session.token,
            reviewer=session.reviewer,
            return_to=f"/conflicts/{conflict_id}",
            choices=[(c, DECISION_TITLES[c]) for c in CONFLICT_DECISIONS],
            correctable=CORRECTABLE_FIELDS,
            decision_titles=DECISION_TITLES,
            css=Markup(CSS),
        )

    @app.get("/documents/{doc_id}", response_class=HTMLResponse)
    def document(doc_id: str, start: int | None = None, end: int | None = None) -> HTMLResponse:
        model = session.model()
        with DocumentStore.in_folder(session.out_dir) as store:
            try:
                context = document_context(model, store, doc_id, start, end)
            except KeyError:
                return render(
                    "message.html",
                    404,
                    title="Not found",
                    message=f"No document {doc_id!r}.",
                    css=Markup(CSS),
                )
        return_to = _context_url(doc_id, start, end).split("#")[0]
        return render(
            "document.html", **context, token=session.token, reviewer=session.reviewer, return_to=return_to
        )

    @app.post("/decisions")
    async def decisions(request: Request) -> Response:
        body = (await request.body()).decode("utf-8", errors="replace")
        form = {k: v[-1] for k, v in parse_qs(body, keep_blank_values=True).items()}
        if not secrets.compare_digest(form.get("token", ""), session.token):
            return render(
                "message.html",
                403,
                title="Forbidden",
                message="This request does not carry the review page's session token.",
                css=Markup(CSS),
            )
        try:
            session.decide(form)
        except DecisionError as exc:
            return render(
                "message.html", 400, title="Decision not recorded", message=str(exc), css=Markup(CSS)
            )
        except OutputFolderBusy as exc:
            message = f"{exc}. Go back and save the decision again once it has finished."
            return render(
                "message.html", 409, title="Decision not recorded", message=message, css=Markup(CSS)
            )
        return RedirectResponse(_safe_return(form.get("return_to", "/")), status_code=303)

    return app


def serve(out_dir: Path, port: int, announce: Callable[[str], None]) -> None:
    """Serve the review page on 127.0.0.1:`port` (0: a free port) until interrupted."""
    import uvicorn

    session = ReviewSession(out_dir)
    session.views()  # built before the address is announced, so the first page load is quick
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(128)  # a browser opened on the announced address waits instead of being refused
    announce(f"http://127.0.0.1:{listener.getsockname()[1]}/")
    sys.stdout.flush()
    config = uvicorn.Config(create_app(session), log_level="warning", access_log=False, lifespan="off")
    uvicorn.Server(config).run(sockets=[listener])
