"""The command line: ``main`` (``gate``) and its groups (``gate backlog``, ``gate engines``); options in,
one api call, an exit code out. Nothing imports it."""
