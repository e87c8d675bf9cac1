"""Resolution: names in text to the municipalities and counties they denote on a given day."""
