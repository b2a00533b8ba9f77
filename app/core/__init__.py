"""Headless shop logic and the local store. Nothing under here imports Qt."""
