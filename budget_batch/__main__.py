"""`python -m budget_batch`, and the `budget-batch` command (`run`)."""

import gc


def run() -> None:
    """The command line. A short-lived process: no cyclic collection while it imports (each
    would scan every module's objects again), and what it imported is frozen out of later
    collections — which also keeps those pages shared with the child it forks (lone.py)."""
    gc.disable()
    from .cli import main

    gc.freeze()
    gc.enable()
    main()


if __name__ == "__main__":
    run()
