"""The schema version this workbench writes: its migrations' names, checked against migrations.py.

Kept apart from migrations.py so that opening a current database reads a list, not sqlite-utils.
"""

MIGRATION_SET = "workbench"
MIGRATIONS = (
    "m001_initial",
    "m002_teams",
    "m003_labels_from_vocabulary",
    "m004_stories",
    "m005_story_partners",
)
