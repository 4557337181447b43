"""Serving the app to browsers: who may open a session."""
