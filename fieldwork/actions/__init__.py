"""Field work's writes, each a `do_<verb>_<noun>` in a transaction with its audit entry."""
