"""Read a settings module afresh, as a process started with the current environment would."""

import importlib.util


def fresh_settings(name):
    """Return careerpath.settings.<name> executed anew (not the cached module)."""
    spec = importlib.util.find_spec(f"careerpath.settings.{name}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
