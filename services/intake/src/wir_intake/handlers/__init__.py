"""What intake does with the events it consumes."""
