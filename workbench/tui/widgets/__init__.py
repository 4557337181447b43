"""Widgets of the review screen, grouped by the area they draw."""
