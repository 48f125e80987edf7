"""Built tables (tables/) and immutable releases (releases/VERSION/) of the dataset."""
