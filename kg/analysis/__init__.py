"""Analysis: typed networkx graphs from the store, and measures over them."""
