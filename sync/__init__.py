"""Sync between tills and the platform: wire protocol, client engine, central server."""
