"""Hostile and unlucky inputs, one module per area; each case runs the real command."""
