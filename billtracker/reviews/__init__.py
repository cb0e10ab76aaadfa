"""Reviewed judgements: people confirm or correct the comparator's labels.

- ``storage``: the reviews database, an append-only history beside the published one;
- ``forms``: a submitted review checked against the published database;
- ``queue``: the labels most worth a person's time;
- ``overlay``: reviews over the bill page, the matrix and its CSV, scores recomputed;
- ``export``: reviewed labels as gold data (the columns of ``../shared/eval/labels.csv``);
- ``accounts``: reviewer accounts and roles, as Datasette configuration;
- ``site``: the glue the Datasette plugins call.
"""
