"""Geography without outside services: postal code centres, nearest district."""
