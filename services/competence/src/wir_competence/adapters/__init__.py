"""Competence's outbound port besides the database: the PDF renderer and the fonts it embeds."""
