"""Property-based tests of the command line's contract for hostile input."""
