"""Imported once by the fork server of the batch engine, so that every worker starts with gongkai loaded."""

from gongkai.batch.worker import preload

preload()
