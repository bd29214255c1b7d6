"""Interpreting's outbound ports besides its database: the monthly allowance statement as a PDF."""
