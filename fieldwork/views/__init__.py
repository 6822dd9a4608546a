"""Field work's pages: one module per feature."""
