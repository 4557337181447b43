"""Text intake: reading files and records, cleaning, junk, segmenting (offsets are exact), tokens."""
