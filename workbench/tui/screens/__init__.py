"""Screens of the app: the review screen and its modal dialogs."""
