"""Read-only query functions returning plain rows for listings, the board and exports."""
