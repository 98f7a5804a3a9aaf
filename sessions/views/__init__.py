"""Session pages, split by what they are about. Views parse input and call one service."""
