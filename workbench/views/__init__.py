"""Rich renderables shared by the command line and the app: tables, reports, and the terminal guard."""
