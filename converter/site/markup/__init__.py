"""The `policy-markup` MkDocs plugin: the theme's markup made valid HTML, the sitemap only when the
site has an address, and the feed's links absolute when it does. See plugin.py."""
