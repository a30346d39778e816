"""The small interface a job kind implements so the engine can run it."""
from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from shopify_app.jobs.kinds.publisher import Publisher
    from shopify_app.jobs.kinds.summary import Summary
    from shopify_app.models import Job, Shop, StaffMember

# How the pages show an item's result: plain text, HTML rendered in a sandboxed frame,
# or a kind's structured summary (the pages have one renderer per name).
PREVIEWS = ("text", "html", "analysis")


@dataclass(frozen=True)
class Presentation:
    """What the pages say about a kind's jobs, so templates and scripts read data, not
    kind names. Serialized on every job as `kind_info`."""

    label: str
    icon: str = "work"
    # The verb on the buttons that send results to the store: "Publish", "Approve", ...
    publish_verb: str = "Publish"
    # Heading of the results column when the job has no field of its own.
    result_label: str = "Result"
    preview: str = "text"
    # Whether the job's field is worth naming under its title ("Alt text").
    show_field: bool = True
    editable: bool = True
    # Whether results carry fact checks and SEO scores, and can be generated again.
    checked: bool = False
    scored: bool = False
    regenerable: bool = False
    # Short facts the jobs list shows under the title ("Wholesale grid", "30 rows").
    facts: tuple[str, ...] = ()
    # The word on an item whose work succeeded ("Generated"; an import's "Read"), and
    # where its proposed value came from ("Shelf"; an import's "Your file").
    succeeded_label: str = "Generated"
    proposed_by: str = "Shelf"
    # What a job of a kind with nothing to publish has produced so far, as (text, tone)
    # badges for the jobs list's Outcome column: ("Files ready", "success"),
    # ("Email failed", "critical"). Tones: success, info, warning, critical, new.
    outcome: tuple[tuple[str, str], ...] = ()
    # Whether the job ends with files to download: its page keeps a Files card that the
    # finished files appear in, even while the job still runs.
    files: bool = False
    # With preview "facts": the keys of a result's JSON object to show, with their labels,
    # instead of the object itself ("SKU SHELF-00001 · Quantity 3").
    result_facts: tuple[tuple[str, str], ...] = ()

    def to_dict(self, *, reviewable: bool) -> dict[str, Any]:
        verb = self.publish_verb
        return {"label": self.label, "icon": self.icon, "reviewable": reviewable,
                "preview": self.preview, "editable": reviewable and self.editable,
                "show_field": self.show_field, "result_label": self.result_label,
                "checked": self.checked, "scored": self.scored,
                "regenerable": reviewable and self.regenerable,
                "facts": list(self.facts), "succeeded_label": self.succeeded_label,
                "proposed_by": self.proposed_by, "files": self.files,
                "outcome": [{"text": text, "tone": tone} for text, tone in self.outcome],
                "result_facts": [list(fact) for fact in self.result_facts],
                "actions": {"publish": verb, "publish_all": f"{verb} all",
                            "publish_selected": f"{verb} selected", "revert": "Revert",
                            "force": f"{verb} anyway"} if reviewable else {}}


@dataclass
class NewJob:
    """What a kind's validation turns a request body into."""

    title: str
    field: str | None = None
    scope: dict[str, Any] | None = None
    options: dict[str, Any] = dataclass_field(default_factory=dict)
    params: dict[str, Any] = dataclass_field(default_factory=dict)
    customer_name: str | None = None
    customer_email: str | None = None
    reference: str | None = None
    definition_id: str | None = None
    # The provider and model the job will use, shown on the job and kept with its usage.
    provider: str | None = None
    model: str | None = None


@dataclass
class ItemSpec:
    """One item a kind's enumeration yields."""

    product_id: str | None = None
    product_title: str | None = None
    target_id: str | None = None
    original: str | None = None
    input: dict[str, Any] | None = None


@dataclass(frozen=True)
class ItemInput:
    """A read-only snapshot of an item, safe to hand to worker threads."""

    id: int
    position: int
    product_id: str | None
    product_title: str | None
    target_id: str | None
    original: str | None
    input: dict[str, Any]
    attempts: int


@dataclass
class ItemResult:
    ok: bool
    proposed: str | None = None
    analysis: Any = None
    error: str | None = None
    # Transient failures (timeouts, 429s) are retried with back-off; others fail the item.
    retryable: bool = False
    # Claims in the result its inputs do not support (shown, and held for review).
    checks: list[dict[str, Any]] | None = None
    tokens_in: int = 0
    tokens_out: int = 0
    cost: float = 0.0


@dataclass(frozen=True)
class JobView:
    """A read-only snapshot of a job. Worker threads read it while the main thread
    commits progress, so it must not be a database row that reloads itself."""

    id: str
    shop_id: int
    kind: str
    field: str | None
    strategy: str
    mode: str
    scope: dict[str, Any]
    options: dict[str, Any]
    params: dict[str, Any]
    succeeded: int

    @classmethod
    def of(cls, job: Job) -> JobView:
        return cls(id=job.id, shop_id=job.shop_id, kind=job.kind, field=job.field,
                   strategy=job.strategy, mode=job.mode, scope=job.scope, options=job.options,
                   params=job.params, succeeded=job.succeeded)


@dataclass(frozen=True)
class ShopView:
    id: int
    domain: str


@dataclass
class RunContext:
    """What a kind may use while it runs: the job's shop and, lazily, a Shopify client."""

    shop: ShopView
    job: JobView
    services: dict[str, Any] = dataclass_field(default_factory=dict)
    lock: threading.Lock = dataclass_field(default_factory=threading.Lock, repr=False)

    def service(self, name: str, build: Any) -> Any:
        """Build a helper once per run (a provider, a client) and reuse it across threads."""
        with self.lock:
            if name not in self.services:
                self.services[name] = build()
            return self.services[name]

    def shopify(self) -> Any:
        """The Admin API client for this job's shop."""
        from shopify_app.shopify_access import client_for

        return self.service("shopify", lambda: client_for(self.shop.domain))


class JobKind:
    """Subclass per kind. Class attributes describe it; methods do its work."""

    name: ClassVar[str] = ""
    stage: ClassVar[str] = "generating"
    # Whether results wait for review and publishing, or are final once processed.
    reviewable: ClassVar[bool] = True
    # A last stage run by finalize() while the job still shows as processing (a catalog's
    # "building"); the job takes its terminal status only once finalize() returns.
    finishing_stage: ClassVar[str | None] = None
    batch_size: ClassVar[int] = 50
    # Items of one batch processed at once (threads); providers with latency want more.
    concurrency: ClassVar[int] = 1
    max_attempts: ClassVar[int] = 3
    # Reviewable kinds have one: it writes results to the store and takes them back.
    publisher: Publisher | None = None
    # The New job page's form for this kind (a template with choice_panel() and
    # options_panel(first) macros); kinds without one are created through the API.
    form_template: ClassVar[str | None] = None
    # Tags this kind writes itself (prefixes); change detection ignores them.
    owned_tag_prefixes: ClassVar[tuple[str, ...]] = ()

    def presentation(self, job: Job | None) -> Presentation:
        """Labels, wording and the previewer the pages use for this job (or for the
        kind in general, as in a filter, when job is None)."""
        return Presentation(label=self.name.replace("_", " ").capitalize())

    def form_context(self, shop: Shop) -> dict[str, Any]:
        """Data the kind's New job form needs (its template reads it as form_data[kind])."""
        return {}

    def watcher(self) -> Any:
        """An optional object reacting to product webhooks (see jobs/auto.py), or None."""
        return None

    def validate(self, body: dict[str, Any], shop: Shop, staff: StaffMember | None) -> NewJob:
        """Check a create request; raise InvalidInput with field-level problems."""
        raise NotImplementedError

    def enumerate(self, context: RunContext) -> Iterable[ItemSpec]:
        """Yield the job's items in a stable order (a re-run resumes by position)."""
        raise NotImplementedError

    def size_hint(self, context: RunContext) -> int | None:
        """About how many items (or products read) the job will have, said cheaply
        before enumerate() runs: a capped count, rows already known. None = unknown.

        A fan-out on the `high` queue whose hint is above dispatch.SMALL_JOB hands
        itself over to the queue of that size before reading. An upper bound is fine;
        an error only means no hand-over.
        """
        return None

    def process(self, item: ItemInput, context: RunContext) -> ItemResult:
        """Do one item's work. Runs in worker threads: no database access here."""
        raise NotImplementedError

    def finalize(self, context: RunContext) -> None:
        """Called once when every item is done (build files, ...). The engine then
        requests the publish itself for auto-publish jobs of reviewable kinds."""

    def current_params(self, job: Job, shop: Shop) -> dict[str, Any] | None:
        """The job's params with the shop's settings as they are today, for Retry
        "with current settings"; None when the kind freezes nothing at creation."""
        return None

    def describe_changes(self, before: dict[str, Any], after: dict[str, Any]) -> list[str]:
        """What differs between two params, in sentences a merchant reads."""
        return [] if before == after else ["Settings changed since the job was created"]

    def regenerate(self, item: ItemInput, context: RunContext,
                   instruction: str | None) -> ItemResult:
        """A fresh result for one item, never from a cache, following the merchant's
        instruction ("shorter"). Kinds whose Presentation says regenerable implement it."""
        raise NotImplementedError

    def checks_for(self, job: Job, item_input: dict[str, Any],
                   text: str) -> list[dict[str, Any]] | None:
        """Fact checks of a result the merchant wrote (an edit), or None if the kind has none."""
        return None

    def rescore(self, job: Job, item_ids: list[int] | None = None) -> None:
        """Recompute stored quality figures (scores) after results changed."""

    def delete_files(self, job: Job) -> None:
        """Remove any files stored for the job (called when it is deleted)."""

    def finished(self, job: Job) -> None:
        """Called once after a job with a finishing stage got its terminal status
        (e.g. hand a built catalog to delivery). Must not raise."""

    def job_extras(self, job: Job) -> dict[str, Any]:
        """Extra fields this kind adds to the job's JSON (e.g. a catalog's delivery)."""
        return {}

    def prepare_listing(self, jobs: list[Job]) -> None:
        """Called before a page of this kind's jobs is serialized, so what each job's
        presentation and extras read (a catalog's deliveries) is read once for all."""

    def summary(self, job: Job) -> Summary | None:
        """The job as a whole, for a card on its page (an import's counts per field and
        failed rows); None for kinds whose items say it all. Serialized as `summary`."""
        return None
