"""The settings and monitor pages."""
from __future__ import annotations

from sqlalchemy import select
from werkzeug.wrappers import Response

from shopify_app import monitor
from shopify_app import settings as shop_settings
from shopify_app.ai import FIELD_SPECS
from shopify_app.ai.providers.template import TEMPLATE_LANGUAGES, default_templates
from shopify_app.ai.settings import LANGUAGES
from shopify_app.extensions import db
from shopify_app.jobs.kinds import registered
from shopify_app.models import StaffMember
from shopify_app.schedules.periods import WEEKDAYS
from shopify_app.schedules.service import list_schedules, schedule_json
from shopify_app.web.pages import Viewer, bp, page_view, render


@bp.get("/settings")
@page_view
def settings_page(viewer: Viewer) -> Response:
    settings = shop_settings.get_settings(viewer.shop)
    staff = list(db.session.scalars(select(StaffMember).where(
        StaffMember.shop_id == viewer.shop.id).order_by(StaffMember.id)))
    specs = {spec.field.value: spec for spec in FIELD_SPECS.values()}
    return render("settings.html", viewer, page_title="Settings", nav="settings",
                  settings=settings, editable=viewer.can("admin"), staff=staff,
                  languages=LANGUAGES, specs=specs, me=viewer.staff.shopify_user_id,
                  default_templates={lang: default_templates(lang) for lang in TEMPLATE_LANGUAGES},
                  schedules=[schedule_json(s) for s in list_schedules(viewer.shop)],
                  can_schedule=viewer.can("write"), weekdays=WEEKDAYS,
                  schedule_kinds=[k.name for k in registered() if k.form_template])


@bp.get("/monitor")
@page_view
def monitor_page(viewer: Viewer) -> Response:
    return render("monitor.html", viewer, page_title="Monitor", nav="monitor",
                  kpis=monitor.kpis(viewer.shop), recent=monitor.recent_activity(viewer.shop))
