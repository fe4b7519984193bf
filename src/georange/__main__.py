"""``python -m georange`` runs the command line."""

from georange.cli import run

if __name__ == "__main__":
    run()
