"""Policy evaluation: conditions (a closed set of pure operators), helpers, and the evaluator."""
