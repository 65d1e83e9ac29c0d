"""The application layer: what the docks, dialogs, map tools and Processing share, with no widgets.

Settings, the services in play (service targets), the requests built from the map, the background runner and
the work it runs (identify; legends and exports build on the same runner and core Session).
"""
