"""What the command line and the app both call: importing, linking, reviewing, team figures, hints."""
