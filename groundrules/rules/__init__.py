"""Data, not code: one TOML file per built-in ground rule (see docs/screen.md). A package only so that
its files ship with the app."""
