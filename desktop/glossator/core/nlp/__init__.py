"""The reading engine: find, group, link and explain names and unclear references."""
