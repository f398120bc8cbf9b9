"""Letters, certificates and confirmations on paper: PDF files and print preview."""
