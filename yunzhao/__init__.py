"""Yunzhao (云招): the cloud investment promotion platform."""
