"""Pure-Python parsing of published Security Council texts.

Nothing in this package imports Django: text and bytes in, dataclasses out,
so every rule can be tested against stored example files on its own.
"""
