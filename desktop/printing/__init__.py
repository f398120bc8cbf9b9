"""Printing: route sheets drawn with QPainter onto a PDF writer or a printer."""
