"""Services: one function per user action, each one write transaction, each change audited."""
