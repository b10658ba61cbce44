"""Loading files into the database: every row read is stored or recorded in ``rejects`` with its reason."""
