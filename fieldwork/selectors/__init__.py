"""Field work's reads: visits and their coverage (`visits`), the yearly ledger (`ledger`),
pairings and who looks after a household (`pairings`), the home page's lines (`home`)."""
