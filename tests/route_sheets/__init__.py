"""Route sheets: content, PDF pages, the morning job, the preview, the command."""
