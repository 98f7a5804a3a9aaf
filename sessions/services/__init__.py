"""Writes to sessions. Views, consumers, commands and tasks all call these functions."""
