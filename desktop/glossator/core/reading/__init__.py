"""What the reader adds to a document: corrections that last (no Qt)."""
