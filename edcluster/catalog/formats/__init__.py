"""Open formats the catalog speaks: each module turns products into one standard's shape."""
