"""Run the command line as `python -m workbench`."""

from workbench.cli import run

if __name__ == "__main__":
    run()
