"""The command line: click groups by job; each command parses, calls one service, reports."""
