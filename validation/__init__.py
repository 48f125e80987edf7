"""Schemas (the codebook) and cross-table rules of the dataset. Imported only when validating."""
