"""The site around MkDocs: plugins (search/, pages/), the Markdown extension index_lists.py, the offline
audit. Never imported by a domain stage (tests/test_layers.py)."""
