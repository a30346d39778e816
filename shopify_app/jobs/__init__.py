"""The job engine: create, fan out, process batches, finalize, cancel, retry, delete, events.

Job kinds plug in through `shopify_app.jobs.kinds`; the engine knows nothing of AI,
images or catalogs.
"""
