"""Stage package (see complaintnlp/__init__.py for the chain)."""
