"""RQ worker entry point and the thin task functions it runs."""
