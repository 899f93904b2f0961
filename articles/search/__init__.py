"""Full-text search over published articles: the queries visitors run
(``query``) and the index every save keeps up to date (``indexing``)."""
