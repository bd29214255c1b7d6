"""Matching's background work, district by district."""
