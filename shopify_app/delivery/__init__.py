"""Sending a finished catalog to its recipient: email over SMTP and WhatsApp Cloud API.

`service.deliver(job_id)` is the entry point; `service.enqueue_delivery(job_id)`
puts it on a worker. Outcomes per channel live in `job_deliveries`.
"""
