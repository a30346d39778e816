"""Database models. Importing this package registers every table with the metadata."""
from shopify_app.models.catalog import Catalog, CatalogDefinition
from shopify_app.models.delivery import JobDelivery
from shopify_app.models.job import Job, JobEvent, JobItem
from shopify_app.models.job_totals import ShopJobTotals
from shopify_app.models.schedule import Schedule, ScheduleRun
from shopify_app.models.settings import ShopSettings
from shopify_app.models.shop import Shop
from shopify_app.models.staff import ROLES, StaffMember
from shopify_app.models.webhook_event import WebhookEvent

__all__ = ["ROLES", "Catalog", "CatalogDefinition", "Job", "JobDelivery", "JobEvent", "JobItem",
            "Schedule", "ScheduleRun", "Shop", "ShopJobTotals", "ShopSettings", "StaffMember",
            "WebhookEvent"]
