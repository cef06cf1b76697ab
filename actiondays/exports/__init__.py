"""Exports of a retrospective: PDF, CSV, XLSX and JSON renderers over a document; no queries."""
